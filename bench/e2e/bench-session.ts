import { Kafka, logLevel, type Producer } from 'kafkajs';
import { createBenchTenant, createEndpointGroup, type EndpointGroup } from './bench-tenant';
import type { BenchStack } from './bench-stack';
import { startEngine, type EngineOptions, type EngineUnderTest } from './engine-under-test';
import type { LoopbackReceiver } from './loopback-receiver';
import type { StepContext } from './measured-step';

/** The event type each fan-out's endpoints subscribe to (built-in types: no event-type setup needed). */
const EVENT_TYPE_OF_FAN_OUT: ReadonlyMap<number, string> = new Map([
  [1, 'message.sent'],
  [10, 'message.delivered'],
]);

export interface BenchSession extends StepContext {
  close(): Promise<void>;
}

/** Every session not closed yet, so a Ctrl-C or an error stops their apps too, before the broker goes away. */
const openSessions = new Set<BenchSession>();

export async function closeAllSessions(): Promise<void> {
  await Promise.all([...openSessions].map((session) => session.close()));
}

/**
 * An engine with a tenant and the endpoints of every fan-out pointing at the
 * receiver, and a producer to its input topic: what a measured step needs.
 */
export async function openSession(stack: BenchStack, receiver: LoopbackReceiver, log: (line: string) => void, options: EngineOptions = {}): Promise<BenchSession> {
  const t0 = Date.now();
  const engine: EngineUnderTest = await startEngine(stack, options);
  let producer: Producer | undefined;
  try {
    const tenant = await createBenchTenant(engine.registryUrl, engine.adminToken);
    const groups = new Map<number, EndpointGroup>();
    for (const [fanOut, eventType] of EVENT_TYPE_OF_FAN_OUT) {
      groups.set(fanOut, await createEndpointGroup(engine.registryUrl, tenant, eventType, fanOut, (i) => `${receiver.baseUrl}/f${fanOut}/${i}`));
    }
    producer = new Kafka({ clientId: 'hookline-bench-load', brokers: stack.brokers, logLevel: logLevel.ERROR }).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    log(`engine ${engine.prefix} ready with ${[...groups.values()].reduce((n, g) => n + g.endpointIds.length, 0)} endpoints in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const connected = producer;
    let closing: Promise<void> | undefined;
    const session: BenchSession = {
      engine,
      brokers: stack.brokers,
      producer: connected,
      receiver,
      projectId: tenant.projectId,
      groups,
      log,
      // Idempotent: a plan may close its session early (to measure another engine alone), and clean-up closes it again.
      close: () => {
        openSessions.delete(session);
        closing ??= connected.disconnect().then(() => engine.stop());
        return closing;
      },
    };
    openSessions.add(session);
    return session;
  } catch (error) {
    await producer?.disconnect();
    await engine.stop();
    throw error;
  }
}

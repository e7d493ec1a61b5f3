import { createScratchDatabase, type ScratchDatabase } from '@hookline/testing';
import { createBenchTenant, createEndpointGroup } from './bench-tenant';
import type { BenchStack } from './bench-stack';
import { GROUP_PLANS, type EndpointGroup, type GroupName } from './endpoint-group';
import { startEngine, type EngineOptions, type EngineUnderTest } from './engine-under-test';
import type { LoadGenerator } from './load-client';
import type { LoopbackReceiver } from './loopback-receiver';
import type { StepContext } from './measured-step';

export interface BenchSession extends StepContext {
  close(): Promise<void>;
}

export interface SessionOptions extends EngineOptions {
  /**
   * The engine gets a migrated database of its own, dropped when the session
   * closes: its read models start empty, as a freshly deployed engine's do.
   */
  readonly freshDatabase?: boolean;
}

/** Every session not closed yet, so a Ctrl-C or an error stops their apps too, before the broker goes away. */
const openSessions = new Set<BenchSession>();

export async function closeAllSessions(): Promise<void> {
  await Promise.all([...openSessions].map((session) => session.close()));
}

/**
 * An engine with a tenant and the endpoints of every group pointing at the
 * receiver: what a measured step needs (the load generator and the receiver
 * are shared by every session of a run).
 */
export async function openSession(
  stack: BenchStack,
  receiver: LoopbackReceiver,
  load: LoadGenerator,
  log: (line: string) => void,
  options: SessionOptions = {},
): Promise<BenchSession> {
  const t0 = Date.now();
  const database: ScratchDatabase | undefined = options.freshDatabase
    ? await createScratchDatabase({ serverUrl: stack.databaseUrl, label: 'bench' })
    : undefined;
  const dropDatabase = async () => database?.drop();
  let engine: EngineUnderTest;
  try {
    engine = await startEngine(stack, database === undefined ? options : { ...options, env: { ...options.env, DATABASE_URL: database.url } });
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  try {
    const tenant = await createBenchTenant(engine.registryUrl, engine.adminToken);
    const groups = new Map<GroupName, EndpointGroup>();
    for (const plan of GROUP_PLANS) {
      const delay = plan.receiverDelayMs === undefined ? '' : `?delay_ms=${plan.receiverDelayMs}`;
      groups.set(plan.name, await createEndpointGroup(engine.registryUrl, tenant, plan, (i) => `${receiver.baseUrl}/${plan.name}/${i}${delay}`));
    }
    log(
      `engine ${engine.prefix} ready with ${[...groups.values()].reduce((n, g) => n + g.endpointIds.length, 0)} endpoints in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    let closing: Promise<void> | undefined;
    const session: BenchSession = {
      engine,
      stack,
      receiver,
      load,
      tenant,
      groups,
      log,
      // Idempotent: a plan may close its session early (to measure another engine alone), and clean-up closes it again.
      close: () => {
        openSessions.delete(session);
        closing ??= engine.stop().then(dropDatabase);
        return closing;
      },
    };
    openSessions.add(session);
    return session;
  } catch (error) {
    await engine.stop();
    await dropDatabase();
    throw error;
  }
}

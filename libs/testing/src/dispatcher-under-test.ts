import { DispatchTestBus } from './endpoint-facts';
import { startEngine, type RunningEngine } from './engine';
import { startWebhookReceiver, type Responder, type WebhookReceiver } from './webhook-receiver';

export interface DispatcherUnderTest {
  /** The dispatcher alone, on its own topic prefix. */
  readonly engine: RunningEngine;
  /** Endpoint facts and jobs in, delivery facts back, as the other apps would. */
  readonly bus: DispatchTestBus;
  /** A loopback receiver that is closed with the suite. */
  receiver(respond?: Responder): Promise<WebhookReceiver>;
}

export interface DispatcherSuiteOptions {
  /** Environment of the dispatcher, over the test run's. */
  readonly env?: Record<string, string>;
  /** Tier topics to provision (startEngine's default: the run's 1s,2s,4s). */
  readonly retryDelays?: readonly number[];
}

/**
 * The set-up every dispatcher e2e suite shares: one dispatcher process, a bus
 * following its topics, and receivers, started in beforeAll and stopped in
 * afterAll of the calling describe. Reading `engine` or `bus` before beforeAll
 * has run throws, so a mistake shows as a failure, not as an undefined.
 */
export function useDispatcherUnderTest({ env = {}, retryDelays }: DispatcherSuiteOptions = {}): DispatcherUnderTest {
  let engine: RunningEngine | undefined;
  let bus: DispatchTestBus | undefined;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    engine = await startEngine(env, ['dispatcher'], retryDelays);
    bus = new DispatchTestBus(engine.brokers, engine.topics);
    await bus.start();
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await bus?.stop();
    await Promise.all(receivers.map((r) => r.close()));
  }, 60_000);

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the dispatcher suite's ${what} is read before its beforeAll ran`);
    return value;
  };
  return {
    get engine() {
      return started(engine, 'engine');
    },
    get bus() {
      return started(bus, 'bus');
    },
    receiver: async (respond) => {
      const receiver = await startWebhookReceiver(respond);
      receivers.push(receiver);
      return receiver;
    },
  };
}

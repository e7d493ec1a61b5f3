import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLogger, Readiness, type ReadinessReport } from '@hookline/telemetry';
import { superviseConsumers } from '../../runtime/src/consumer-supervision';
import { eventually } from '@hookline/testing';
import { freePorts } from '../../../tools/local-stack/free-port';
import { startKafkaBroker, type KafkaBroker } from '../../../tools/local-stack/kafka-broker';
import { ensureKafkaJars } from '../../../tools/local-stack/kafka-jars';
import { repoRoot } from '../../../tools/local-stack/repo-root';
import { openBatchConsumer, type BatchConsumer } from './batch-consumer';
import type { LivenessLimits } from './consumer-liveness';
import { onConsumerStall, type ConsumerStall } from './consumer-stalls';
import { createKafka, kafkajsOf, type KafkaClient } from './kafka-client';
import { ensureTopics } from './provision';

/**
 * Issue 10 follow-up, "a crash/restart loop is not consuming", against a real
 * broker of this file's own (stopping the run's shared broker would harm every
 * other test): a consumer whose broker is gone for longer than the give-up
 * bound turns not ready, then reports a `not_consuming` stall and asks for
 * exit 1; one whose broker is gone for less (cut off, or restarted) recovers
 * without either.
 */
describe('consumer liveness (integration, own broker)', () => {
  let dataDir: string;
  let libDir: string;
  let ports: [number, number];
  let broker: KafkaBroker;
  let kafka: KafkaClient;
  const running: BatchConsumer[] = [];
  const unsubscribe: Array<() => void> = [];
  const topic = 'liveness';

  async function startBroker(): Promise<KafkaBroker> {
    return startKafkaBroker({ libDir, dataDir, port: ports[0], controllerPort: ports[1], logFile: join(dataDir, 'broker.log') });
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hookline-liveness-'));
    libDir = await ensureKafkaJars(repoRoot(__dirname));
    ports = (await freePorts(2)) as [number, number];
    broker = await startBroker();
    kafka = createKafka({ brokers: broker.brokers, clientId: 'liveness-test', quiet: true });
    await ensureTopics(kafka, [{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
  }, 180_000);

  afterEach(async () => {
    unsubscribe.splice(0).forEach((off) => off());
    await Promise.all(running.splice(0).map((r) => r.stop()));
  }, 120_000);

  afterAll(async () => {
    await broker.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 120_000);

  function supervised(): { report: () => Promise<ReadinessReport>; exits: number[]; stalls: ConsumerStall[]; notReadySeen: () => boolean } {
    const readiness = new Readiness();
    const exits: number[] = [];
    const stalls: ConsumerStall[] = [];
    let notReady = false;
    unsubscribe.push(superviseConsumers(readiness, new JsonLogger('liveness-test', 'error'), (_why, code) => exits.push(code)));
    unsubscribe.push(onConsumerStall((stall) => stalls.push(stall)));
    const report = async (): Promise<ReadinessReport> => {
      const current = await readiness.report();
      if (!current.ready) notReady = true;
      return current;
    };
    return { report, exits, stalls, notReadySeen: () => notReady };
  }

  type Supervised = ReturnType<typeof supervised>;

  function untilReadiness(report: Supervised['report'], ready: boolean, what: string): Promise<ReadinessReport> {
    return eventually(
      () => report(),
      (r) => r.ready === ready,
      { what, timeoutMs: 30_000 },
    );
  }

  /** After an outage it should outlive: ready again, having been not ready, with no stall and no exit. */
  async function expectRecovered(groupId: string, { report, exits, stalls, notReadySeen }: Supervised): Promise<void> {
    await untilReadiness(report, true, 'ready again');
    expect(notReadySeen()).toBe(true);
    expect(stalls.filter((s) => s.groupId === groupId)).toEqual([]);
    expect(exits).toEqual([]);
  }

  async function consumeInto(groupId: string, seen: string[], liveness: LivenessLimits): Promise<void> {
    running.push(
      await openBatchConsumer({
        kafka,
        groupId,
        topics: [topic],
        fromBeginning: false,
        liveness,
        maxWaitTimeInMs: 200,
        handle: async (messages) => {
          seen.push(...messages.map((m) => m.value?.toString() ?? ''));
          return messages.at(-1)?.offset ?? null;
        },
      }),
    );
  }

  async function publishUntilSeen(value: string, seen: string[]): Promise<void> {
    const producer = kafkajsOf(kafka).producer();
    await producer.connect();
    try {
      // fromBeginning false: the first record can be published before the group's position is set, so repeat until one arrives.
      await eventually(
        async () => {
          if (!seen.includes(value)) await producer.send({ topic, messages: [{ value }] });
          return seen;
        },
        (s) => s.includes(value),
        { what: `${value} consumed`, timeoutMs: 60_000, intervalMs: 1_000 },
      );
    } finally {
      await producer.disconnect();
    }
  }

  it('an outage shorter than the give-up bound: not ready while it lasts, consuming and ready again after, no stall and no exit', async () => {
    const groupId = 'liveness-brief';
    const watched = supervised();
    const seen: string[] = [];
    await consumeInto(groupId, seen, { notReadyAfterMs: 2_000, giveUpAfterMs: 45_000, maxCrashRestarts: 100 });
    await publishUntilSeen('before', seen);
    expect((await watched.report()).ready).toBe(true);

    process.kill(broker.pid, 'SIGSTOP'); // the broker answers nothing, as if the network to it were cut
    try {
      const during = await untilReadiness(watched.report, false, 'not ready during the outage');
      expect(during.failed?.[`consumer-not-consuming:${groupId}`]).toMatchObject({ group: groupId });
    } finally {
      process.kill(broker.pid, 'SIGCONT');
    }

    await publishUntilSeen('after', seen);
    await expectRecovered(groupId, watched);
  }, 150_000);

  it('a broker restart shorter than the give-up bound: not ready while it is down, then consuming again by itself, no stall and no exit', async () => {
    // Whichever request meets the outage first (a fetch, a heartbeat, the coordinator lookup), kafkajs must restart the
    // consumer: a lookup that no broker answered used to end it for good (retriable-coordinator-lookup.ts).
    const groupId = 'liveness-restart';
    const watched = supervised();
    const seen: string[] = [];
    await consumeInto(groupId, seen, { notReadyAfterMs: 2_000, giveUpAfterMs: 90_000, maxCrashRestarts: 3 });
    await publishUntilSeen('before the restart', seen);

    await broker.stop();
    await untilReadiness(watched.report, false, 'not ready while the broker is down');
    broker = await startBroker();

    await publishUntilSeen('after the restart', seen);
    await expectRecovered(groupId, watched);
  }, 240_000);

  it('an outage longer than the give-up bound: not ready, then a not_consuming stall and exit 1', async () => {
    const groupId = 'liveness-long';
    const { report, exits, stalls, notReadySeen } = supervised();
    const seen: string[] = [];
    await consumeInto(groupId, seen, { notReadyAfterMs: 2_000, giveUpAfterMs: 10_000, maxCrashRestarts: 3 });
    await publishUntilSeen('live', seen);

    await broker.stop();
    await untilReadiness(report, false, 'not ready after the broker stopped');
    const mine = await eventually(
      async () => stalls.filter((s) => s.groupId === groupId),
      (s) => s.length > 0,
      { what: 'the give-up', timeoutMs: 120_000 },
    );
    expect(mine).toEqual([expect.objectContaining({ groupId, cause: 'not_consuming', topic: null, partition: null, offset: null })]);
    const after = await report();
    expect(after.ready).toBe(false);
    expect(after.failed?.['consumer-stalled']).toMatchObject({ group: groupId, cause: 'not_consuming' });
    expect(exits).toEqual([1]);
    expect(notReadySeen()).toBe(true);

    // Back up: kafkajs's own restart loop picks it up again (in production the process is exiting by now).
    // Waiting for that also lets stop() find a running consumer: one stopped mid-restart would start again after.
    broker = await startBroker();
    await publishUntilSeen('back', seen);
  }, 240_000);
});

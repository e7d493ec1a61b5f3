import { randomBytes } from 'node:crypto';
import {
  createKafka,
  ensureTopics,
  onConsumerStall,
  openBatchConsumer,
  OrderedRecordWriter,
  type BatchConsumer,
  type BatchHandler,
  type ConsumerStall,
} from '@hookline/kafka';
import { JsonLogger, Readiness } from '@hookline/telemetry';
import { eventually } from '@hookline/testing';
import { superviseConsumers } from './consumer-supervision';

/**
 * Issue 10, "never ready while not consuming", against the real broker: the
 * batch consumer reports a stall, the supervisor makes /readyz fail and asks
 * for a non-zero exit, and a fresh consumer of the group resumes at the stuck
 * offset, so nothing is lost.
 */
describe('consumer supervision (integration)', () => {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'stall-test' });
  const producer = new OrderedRecordWriter({ kafka, shards: 1 });
  const running: BatchConsumer[] = [];
  const unsubscribe: Array<() => void> = [];

  beforeAll(async () => {
    await producer.connect();
  });

  afterEach(async () => {
    unsubscribe.splice(0).forEach((off) => off());
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  async function topicWith(values: string[]): Promise<string> {
    const topic = `stall-${randomBytes(4).toString('hex')}`;
    await ensureTopics(kafka, [{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    await producer.write(values.map((value) => ({ topic, key: 'stall', value })));
    return topic;
  }

  async function consume(groupId: string, topic: string, handle: BatchHandler): Promise<BatchConsumer> {
    const consumer = await openBatchConsumer({ kafka, groupId, topics: [topic], fromBeginning: true, handle });
    running.push(consumer);
    return consumer;
  }

  function supervised(): { readiness: Readiness; exits: number[]; stalls: ConsumerStall[] } {
    const readiness = new Readiness();
    readiness.register('consumer', () => true);
    const exits: number[] = [];
    const stalls: ConsumerStall[] = [];
    unsubscribe.push(superviseConsumers(readiness, new JsonLogger('stall-test', 'error'), (_why, code) => exits.push(code)));
    unsubscribe.push(onConsumerStall((stall) => stalls.push(stall)));
    return { readiness, exits, stalls };
  }

  it('a handler failing on the same offset 5 times makes readiness fail and asks for exit 1; a new member resumes there', async () => {
    const topic = await topicWith(['ok-0', 'poison-1', 'ok-2']);
    const groupId = `${topic}-group`;
    const { readiness, exits, stalls } = supervised();
    const handled: string[] = [];
    await consume(groupId, topic, async (messages) => {
      let durable: string | null = null;
      for (const message of messages) {
        if (message.value?.toString() === 'poison-1') {
          if (durable !== null) return durable; // make offset 0 durable first, then fail on 1 alone
          throw new Error('cannot handle poison-1');
        }
        handled.push(message.value?.toString() ?? '');
        durable = message.offset;
      }
      return durable;
    });

    await eventually(
      async () => stalls.filter((s) => s.groupId === groupId),
      (mine) => mine.length > 0,
      { what: 'a stall report', timeoutMs: 50_000 },
    );
    const stall = stalls.find((s) => s.groupId === groupId);
    expect(stall).toMatchObject({ groupId, cause: 'handler_failing', topic, partition: 0, offset: '1', failures: 5, error: 'cannot handle poison-1' });
    const report = await readiness.report();
    expect(report.ready).toBe(false);
    expect(report.failed?.['consumer-stalled']).toMatchObject({ group: groupId, cause: 'handler_failing', topic, partition: 0, offset: '1' });
    expect(exits).toEqual([1]);
    expect(handled).toEqual(['ok-0']);

    // "Restarted": the stalled member leaves, a healthy one joins the group and starts at the stuck offset.
    await running.splice(0).map((r) => r.stop())[0];
    const resumed: string[] = [];
    await consume(groupId, topic, async (messages) => {
      resumed.push(...messages.map((m) => `${m.offset}:${m.value?.toString()}`));
      return messages[messages.length - 1]?.offset ?? null;
    });
    await eventually(
      async () => resumed,
      (r) => r.length >= 2,
      { what: 'the rest of the partition', timeoutMs: 30_000 },
    );
    expect(resumed).toEqual(['1:poison-1', '2:ok-2']);
  }, 90_000);

  // A consumer that stops without being asked: libs/kafka/src/batch-consumer-stall.int-spec.ts (it needs the kafkajs consumer).

  it('a consumer stopped on purpose (SIGTERM drain) is not a stall', async () => {
    const topic = await topicWith(['a']);
    const groupId = `${topic}-group`;
    const { readiness, exits, stalls } = supervised();
    const consumer = await consume(groupId, topic, async (m) => m[0]?.offset ?? null);
    running.splice(running.indexOf(consumer), 1);
    await consumer.stop();
    expect(stalls.filter((s) => s.groupId === groupId)).toEqual([]);
    expect((await readiness.report()).ready).toBe(true);
    expect(exits).toEqual([]);
  }, 60_000);
});

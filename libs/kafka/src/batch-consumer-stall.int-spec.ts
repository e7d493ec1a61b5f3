import { randomBytes } from 'node:crypto';
import { eventually } from '@hookline/testing';
import { runBatchConsumer, type RunningConsumer } from './batch-consumer';
import { onConsumerStall, type ConsumerStall } from './consumer-stalls';
import { createKafka } from './kafka-client';
import { ensureTopics } from './provision';
import { OrderedRecordWriter } from './record-writer';

/**
 * Moved here from libs/runtime's supervision spec: stopping the kafkajs
 * consumer behind the port's back needs kafkajs, which only libs/kafka sees.
 * The supervisor's side of a stall (readiness, exit code) is tested there.
 */
describe('batch consumer stopped without being asked (integration)', () => {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'stop-stall-test' });
  const writer = new OrderedRecordWriter({ kafka, shards: 1 });
  let running: RunningConsumer | undefined;
  const stalls: ConsumerStall[] = [];
  const unsubscribe = onConsumerStall((stall) => stalls.push(stall));

  beforeAll(() => writer.connect());
  afterAll(async () => {
    unsubscribe();
    await running?.stop();
    await writer.disconnect();
  });

  it('is reported as stalled', async () => {
    const topic = `stop-stall-${randomBytes(4).toString('hex')}`;
    const groupId = `${topic}-group`;
    await ensureTopics(kafka, [{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    await writer.write([{ topic, key: 'a', value: 'a' }]);
    running = await runBatchConsumer({ kafka, groupId, topics: [topic], fromBeginning: true }, async (m) => m[0]?.offset ?? null);
    await running.consumer.stop(); // not through stop(): nobody in the app asked for it
    // Judged once no CRASH explained the STOP (kafkajs stops before it reports a restartable crash).
    const mine = await eventually(
      async () => stalls.filter((s) => s.groupId === groupId),
      (found) => found.length > 0,
      { what: 'a stall report', timeoutMs: 20_000 },
    );
    expect(mine.map((s) => s.cause)).toEqual(['stopped']);
  }, 60_000);
});

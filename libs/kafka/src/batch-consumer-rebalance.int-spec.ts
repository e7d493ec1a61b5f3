import { createTopics, eventually, uniqueName } from '@hookline/testing';
import { openBatchConsumer, type BatchConsumer, type TopicPartition } from './batch-consumer';
import { createKafka, kafkajsOf } from './kafka-client';

/**
 * kafkajs keeps a partition's pause across rebalances. A handler that paused a
 * partition and was then told it was revoked drops its resume (the dispatcher's
 * intake cancels its due and room timers), so when the partition came back to
 * the same member it was never fetched again, and nothing said so. Against the
 * real broker: a second member takes one of two paused partitions and leaves.
 */
describe('the batch consumer after a rebalance (integration)', () => {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'batch-consumer-rebalance-int-spec', quiet: true });
  const admin = kafkajsOf(kafka).admin();
  const producer = kafkajsOf(kafka).producer();
  const running: BatchConsumer[] = [];

  beforeAll(async () => {
    await admin.connect();
    await producer.connect();
  });
  afterEach(async () => {
    for (const consumer of running.splice(0)) await consumer.stop();
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  it('fetches a partition it gets back even though it paused it before losing it; a partition it kept stays paused', async () => {
    const topic = uniqueName('rebalance-pause');
    const groupId = uniqueName('rebalance-pause-group');
    await createTopics(admin, [{ topic, numPartitions: 2 }]);
    const write = (value: string) => producer.send({ topic, acks: -1, messages: [0, 1].map((partition) => ({ partition, value })) });

    // The first member takes every record and pauses the partition, never resuming it itself.
    const seen: Array<{ partition: number; value: string }> = [];
    let firstAssignment: TopicPartition[] = [];
    const first = await openBatchConsumer({
      kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      maxWaitTimeInMs: 100,
      handle: async (records, context) => {
        for (const record of records) seen.push({ partition: context.partition, value: String(record.value) });
        context.pause();
        return records[records.length - 1]?.offset ?? null;
      },
    });
    running.push(first);
    first.onAssigned((assigned) => {
      firstAssignment = assigned;
    });
    const valuesOf = (partition: number) => seen.filter((s) => s.partition === partition).map((s) => s.value);

    await write('before');
    await eventually(
      async () => [valuesOf(0), valuesOf(1)],
      ([zero, one]) => zero?.includes('before') === true && one?.includes('before') === true,
      {
        what: 'the first member took both partitions and paused them',
      },
    );

    // A second member joins: it takes one partition away from the first, then leaves and gives it back.
    let secondAssignment: TopicPartition[] = [];
    const second = await openBatchConsumer({ kafka, groupId, topics: [topic], fromBeginning: true, maxWaitTimeInMs: 100, handle: async () => null });
    second.onAssigned((assigned) => {
      secondAssignment = assigned;
    });
    await eventually(
      async () => [firstAssignment.length, secondAssignment.length],
      ([mine, theirs]) => mine === 1 && theirs === 1,
      {
        what: 'the partitions split between the two members',
      },
    );
    const [moved] = secondAssignment as [TopicPartition];
    const kept = moved.partition === 0 ? 1 : 0;
    await second.stop();
    await eventually(
      async () => firstAssignment.length,
      (count) => count === 2,
      { what: 'both partitions back with the first member' },
    );

    await write('after');
    await eventually(
      async () => valuesOf(moved.partition),
      (values) => values.includes('after'),
      {
        what: `the partition that came back (${moved.partition}) fetched again`,
      },
    );
    // Both partitions' records were written in one request: the kept one, still paused, has not been fetched.
    expect(valuesOf(kept)).toEqual(['before']);
  }, 90_000);
});

import { createTopics, eventually, uniqueName } from '@hookline/testing';
import { OffsetTracker } from '@hookline/domain';
import { openBatchConsumer, type BatchConsumer } from './batch-consumer';
import { createKafka, kafkajsOf } from './kafka-client';

/**
 * Records written in a Kafka transaction are followed by a commit marker that
 * no consumer ever sees as a message. A consumer that committed "one past its
 * last message" stayed one behind the log end forever (the chaos suite saw the
 * dispatcher's and the projector's lag never reach 0). Against the real broker.
 */
describe('the batch consumer commits past transaction markers (integration)', () => {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'batch-consumer-int-spec', quiet: true });
  const kafkajs = kafkajsOf(kafka);
  const admin = kafkajs.admin();
  let running: BatchConsumer | undefined;

  beforeAll(() => admin.connect());
  afterEach(() => running?.stop());
  afterAll(() => admin.disconnect());

  const transactionOfThree = async (topic: string): Promise<void> => {
    await createTopics(admin, [{ topic, numPartitions: 1 }]);
    const producer = kafkajs.producer({ transactionalId: uniqueName('txn-markers-producer'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const transaction = await producer.transaction();
    await transaction.send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    await transaction.commit();
    await producer.disconnect();
    // Three records and the commit marker (the broker may take a moment to show the end).
    await eventually(
      async () => (await admin.fetchTopicOffsets(topic))[0]?.high,
      (high) => high === '4',
      { what: 'the log end after the marker' },
    );
  };

  const committedOffset = async (groupId: string, topic: string) => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset;

  it('auto-committing: reaches the end of the log, marker included', async () => {
    const topic = uniqueName('txn-markers');
    const groupId = uniqueName('txn-markers-group');
    await transactionOfThree(topic);
    running = await openBatchConsumer({
      kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      handle: async (messages) => messages[messages.length - 1]?.offset ?? null,
    });
    await eventually(
      () => committedOffset(groupId, topic),
      (offset) => offset === '4',
      { what: 'the group committed past the marker' },
    );
  });

  it('committing itself (the dispatcher): is told where the batch ends, markers included, so it can commit past them', async () => {
    const topic = uniqueName('txn-markers-self');
    const groupId = uniqueName('txn-markers-self-group');
    await transactionOfThree(topic);
    const tracker = new OffsetTracker();
    const commit = async (): Promise<void> => {
      const offset = tracker.committable();
      if (offset !== null) await running?.commit([{ topic, partition: 0, nextOffset: offset }]);
    };
    running = await openBatchConsumer({
      kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      commitOffsets: false,
      handle: async (messages, context) => {
        for (const message of messages) tracker.add(message.offset);
        for (const message of messages) tracker.complete(message.offset);
        tracker.passed(context.lastOffset);
        return messages[messages.length - 1]?.offset ?? null;
      },
      onPassedWithoutMessages: (_topic, _partition, lastOffset) => tracker.passed(lastOffset),
    });
    await eventually(
      async () => {
        await commit();
        return committedOffset(groupId, topic);
      },
      (offset) => offset === '4',
      { what: 'the consumer committed past the marker' },
    );
  });
});

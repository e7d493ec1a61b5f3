import type { Admin, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { eventually } from '../../../../test/harness/eventually';
import { createTopics, readUntil, testKafka, uniqueName } from '../../../../test/harness/int-kafka';
import type { OutgoingRecord } from './event-batch';
import { CycleGather } from './cycle-gather';
import { GroupCommitter, type BatchOutput } from './group-commit';

/**
 * The ingest group committer against the real broker: each test has its own
 * input topic (3 partitions), output topic (1 partition, so "absent" can be
 * proved by a marker written after) and consumer group.
 */
describe('GroupCommitter (Kafka transactions)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const producers: Producer[] = [];

  beforeAll(async () => {
    kafka = testKafka('group-commit-int-spec');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect()));
    await admin.disconnect();
  });

  async function setUp() {
    const input = uniqueName('gc-input');
    const output = uniqueName('gc-output');
    const groupId = uniqueName('gc-group');
    await createTopics(admin, [
      { topic: input, numPartitions: 3 },
      { topic: output, numPartitions: 1 },
    ]);
    // In ingest the consumer has joined the group before anything commits to it; here the group's coordinator
    // (and, first in a run, __consumer_offsets itself) is made ready the same way, by asking it for offsets.
    await eventually(
      () => admin.fetchOffsets({ groupId, topics: [input] }).then(() => true, () => false),
      (ready) => ready,
      { timeoutMs: 30_000, what: `group coordinator of ${groupId}` },
    );
    // As ingest configures it (events.consumer.ts).
    const producer = kafka.producer({
      transactionalId: uniqueName('gc-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 20, retries: 20 },
    });
    await producer.connect();
    producers.push(producer);
    // The real producer, with its transactions counted.
    const counted = { transactions: 0 };
    const observed: Producer = { ...producer, transaction: () => ((counted.transactions += 1), producer.transaction()) };
    const abortErrors: unknown[] = [];
    const committer = new GroupCommitter(observed, groupId, (error) => abortErrors.push(error));
    const batch = (partition: number, nextOffset: number, values: string[]): BatchOutput => ({
      topic: input,
      partition,
      nextOffset: String(nextOffset),
      records: values.map((value): OutgoingRecord => ({ topic: output, key: `p${partition}`, value: Buffer.from(value) })),
    });
    const committedOffsets = async (): Promise<Record<number, string>> => {
      const [topic] = await admin.fetchOffsets({ groupId, topics: [input] });
      return Object.fromEntries((topic?.partitions ?? []).map((p) => [p.partition, p.offset]));
    };
    const values = (messages: readonly KafkaMessage[]) => messages.map((m) => m.value?.toString() ?? '');
    return { output, committer, counted, abortErrors, batch, committedOffsets, values };
  }

  it('commits batches that arrive during a transaction together in the next one, with all their offsets', async () => {
    const { output, committer, counted, abortErrors, batch, committedOffsets, values } = await setUp();

    // The first submit starts a transaction at once; the other two arrive while it is in flight.
    await Promise.all([
      committer.submit(batch(0, 3, ['p0-a', 'p0-b', 'p0-c'])),
      committer.submit(batch(1, 7, ['p1-a', 'p1-b'])),
      committer.submit(batch(2, 2, ['p2-a'])),
    ]);

    // Would catch a committer that runs one transaction per batch (they queue behind each other) or
    // that loses a queued batch when it swaps the waiting list.
    expect(counted.transactions).toBe(2);
    const seen = values(await readUntil(kafka, output, (m) => m.length >= 6));
    expect(seen).toEqual(['p0-a', 'p0-b', 'p0-c', 'p1-a', 'p1-b', 'p2-a']);
    // Would catch offsets of a shared transaction overwriting each other (only the last partition's kept).
    // Transaction markers are written after commit() returns, so committed offsets become visible shortly after.
    await eventually(committedOffsets, (o) => o[0] === '3' && o[1] === '7' && o[2] === '2', { timeoutMs: 15_000, what: 'committed offsets' });
    expect(abortErrors).toEqual([]);
  });

  it('commits the batches of one fetch cycle in one transaction, however far apart they finish preparing', async () => {
    const { output, committer, counted, abortErrors, batch, committedOffsets, values } = await setUp();
    const gather = new CycleGather<BatchOutput>((outputs) => committer.submitAll(outputs));
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // As the consumer does: each batch enters when its handler starts, and submits when its output is ready.
    const tickets = [gather.enter(), gather.enter(), gather.enter()];
    const done = [
      tickets[0]!.submit(batch(0, 1, ['c-p0'])),
      later(50).then(() => tickets[1]!.submit(batch(1, 4, ['c-p1']))),
      later(150).then(() => tickets[2]!.submit(batch(2, 9, ['c-p2']))),
    ];
    await Promise.all(done);

    // Would catch the old behaviour: the first ready batch committed alone, the rest in a second transaction.
    expect(counted.transactions).toBe(1);
    expect(values(await readUntil(kafka, output, (m) => m.length >= 3))).toEqual(['c-p0', 'c-p1', 'c-p2']);
    await eventually(committedOffsets, (o) => o[0] === '1' && o[1] === '4' && o[2] === '9', { timeoutMs: 15_000, what: 'committed offsets' });
    expect(abortErrors).toEqual([]);
  });

  it('aborts a failed transaction as a whole: no output and no offset of any batch in it, and every submitter is told', async () => {
    const { output, committer, abortErrors, batch, committedOffsets, values } = await setUp();

    // Over the broker's 1 MiB message.max.bytes: the broker refuses the chunk holding it (non-retriable),
    // after the chunk before it — p1's records — was already written inside the transaction.
    const oversized = 'x'.repeat(1_500_000);
    const first = committer.submit(batch(0, 2, ['p0-first-a', 'p0-first-b']));
    const doomed = [committer.submit(batch(1, 5, ['p1-doomed-a', 'p1-doomed-b'])), committer.submit(batch(2, 1, [oversized]))];
    await expect(first).resolves.toBeUndefined();
    const outcomes = await Promise.allSettled(doomed);
    // Would catch a committer that resolves the batches of a failed transaction, or rejects only one of them
    // (the other's offsets would be skipped by its consumer while its output is gone).
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);

    // The producer and committer go on: the consumer re-reads the failed batches; this marker proves it.
    await committer.submit(batch(0, 4, ['p0-marker']));
    const untilMarker = (m: readonly KafkaMessage[]) => m.some((r) => r.value?.toString() === 'p0-marker');

    // A read-uncommitted reader shows p1's records really reached the log; a read-committed one (as every
    // Hookline consumer reads) must not see them: without the abort they would be delivered with no offset committed.
    const raw = values(await readUntil(kafka, output, untilMarker, { readUncommitted: true }));
    expect(raw).toEqual(expect.arrayContaining(['p1-doomed-a', 'p1-doomed-b']));
    const committed = values(await readUntil(kafka, output, untilMarker));
    expect(committed).toEqual(['p0-first-a', 'p0-first-b', 'p0-marker']);

    // Offsets: the marker's commit is visible, and the aborted transaction's offsets never became so.
    const offsets = await eventually(committedOffsets, (o) => o[0] === '4', { timeoutMs: 15_000, what: 'committed offset of the marker' });
    expect([offsets[1], offsets[2]]).toEqual(['-1', '-1']);
    expect(abortErrors).toEqual([]);
  });
});

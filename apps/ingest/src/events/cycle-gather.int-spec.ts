import { createKafka, KafkaAdmin, kafkaRequestCount, TransactionalUnit } from '@hookline/kafka';
import { eventually, readUntil, testKafka, uniqueName } from '@hookline/testing';
import { CycleGather } from './cycle-gather';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

interface Output {
  readonly partition: number;
  readonly nextOffset: string;
  readonly value: string;
}

/**
 * Ingest's fetch cycle against the real broker, as events.consumer.ts wires
 * it: partition batches enter the gather when their handler starts and submit
 * when their output is ready; the gather hands the cycle to the
 * transactional unit as one commit.
 */
describe('CycleGather over the TransactionalUnit (Kafka transactions)', () => {
  const admin = new KafkaAdmin(createKafka({ brokers, clientId: 'cycle-gather-int-admin', quiet: true }));
  const units: TransactionalUnit[] = [];

  afterAll(async () => {
    await Promise.all(units.map((unit) => unit.close()));
    await admin.disconnect();
  });

  /** A three-partition input, a one-partition output and a group, new for each test. */
  /** A gather whose cycles commit each batch's record to `output` and its offset on `input`, through `unit`. */
  function gatherInto(unit: TransactionalUnit, { input, output, groupId }: { input: string; output: string; groupId: string }): CycleGather<Output> {
    return new CycleGather<Output>((outputs) =>
      unit.commit({
        records: outputs.map((o) => ({ topic: output, key: `p${o.partition}`, value: o.value })),
        offsets: outputs.map((o) => ({ topic: input, partition: o.partition, nextOffset: o.nextOffset })),
        consumerGroupId: groupId,
      }),
    );
  }

  async function freshTopics(label: string): Promise<{ input: string; output: string; groupId: string }> {
    const names = { input: uniqueName(`${label}-in`), output: uniqueName(`${label}-out`), groupId: uniqueName(`${label}-group`) };
    await admin.ensureTopics([
      { topic: names.input, numPartitions: 3, retentionMs: 3_600_000 },
      { topic: names.output, numPartitions: 1, retentionMs: 3_600_000 },
    ]);
    return names;
  }

  it('commits the batches of one fetch cycle in one transaction, however far apart they finish preparing', async () => {
    const { input, output, groupId } = await freshTopics('cycle');
    const clientId = uniqueName('cycle-unit');
    const unit = new TransactionalUnit({ kafka: createKafka({ brokers, clientId }), transactionalId: uniqueName('cycle-tx') });
    units.push(unit);
    await unit.connect();
    const gather = gatherInto(unit, { input, output, groupId });
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const endsBefore = kafkaRequestCount(clientId, 'EndTxn');

    const [p0, p1, p2] = [gather.enter(), gather.enter(), gather.enter()];
    await Promise.all([
      p0.submit({ partition: 0, nextOffset: '1', value: 'c-p0' }),
      later(50).then(() => p1.submit({ partition: 1, nextOffset: '4', value: 'c-p1' })),
      later(150).then(() => p2.submit({ partition: 2, nextOffset: '9', value: 'c-p2' })),
    ]);

    // Would catch the old behaviour: the first ready batch committed alone, the rest in a second transaction.
    expect(kafkaRequestCount(clientId, 'EndTxn') - endsBefore).toBe(1);
    const seen = await readUntil(testKafka('cycle-out-reader'), output, (s) => s.length >= 3);
    expect(seen.map((r) => r.value?.toString())).toEqual(['c-p0', 'c-p1', 'c-p2']);
    const expected = JSON.stringify([
      [0, '1'],
      [1, '4'],
      [2, '9'],
    ]);
    await eventually(
      async () => JSON.stringify([...((await admin.groupOffsets(groupId, [input])).get(input) ?? [])].sort()),
      (c) => c === expected,
      {
        what: 'the offsets of all three batches committed',
      },
    );
  }, 60_000);

  it('aborts a failed cycle as a whole: no output and no offset of any batch in it, every batch told, and the next cycle commits', async () => {
    const { input, output, groupId } = await freshTopics('cycle-abort');
    const unit = new TransactionalUnit({
      kafka: createKafka({ brokers, clientId: uniqueName('cycle-abort-unit') }),
      transactionalId: uniqueName('cycle-abort-tx'),
    });
    units.push(unit);
    await unit.connect();
    const gather = gatherInto(unit, { input, output, groupId });

    // Over the broker's 1 MiB message.max.bytes: refused (non-retriable) after p1's record was written in the transaction.
    const [p1, p2] = [gather.enter(), gather.enter()];
    const outcomes = await Promise.allSettled([
      p1.submit({ partition: 1, nextOffset: '5', value: 'p1-doomed' }),
      p2.submit({ partition: 2, nextOffset: '1', value: 'x'.repeat(1_500_000) }),
    ]);
    // Would catch a cycle that resolves some of its batches: their consumer would move past output that is gone.
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);

    // The next cycle commits: the consumer re-reads the failed batches; this marker proves the unit went on.
    await gather.enter().submit({ partition: 0, nextOffset: '4', value: 'p0-marker' });
    const reader = testKafka('cycle-abort-reader');
    const untilMarker = (seen: ReadonlyArray<{ value: Buffer | null }>) => seen.some((r) => r.value?.toString() === 'p0-marker');
    const raw = await readUntil(reader, output, untilMarker, { readUncommitted: true });
    expect(raw.map((r) => r.value?.toString())).toContain('p1-doomed');
    const committed = await readUntil(reader, output, untilMarker);
    expect(committed.map((r) => r.value?.toString())).toEqual(['p0-marker']);
    const offsets = await eventually(
      async () => (await admin.groupOffsets(groupId, [input])).get(input),
      (o) => o?.get(0) === '4',
      { what: 'the marker offset committed' },
    );
    expect([offsets?.get(1), offsets?.get(2)].map((o) => o ?? '-1')).toEqual(['-1', '-1']);
  }, 60_000);
});

import { eventually, readUntil, uniqueName } from '@hookline/testing';
import { KafkaAdmin } from './admin-port';
import { createKafka, kafkajsOf } from './kafka-client';
import { kafkaRequestCount } from './kafka-request-metrics';
import { TransactionalUnit } from './transactional-unit';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

/** The transactional read-process-write unit against the real broker. */
describe('TransactionalUnit (integration)', () => {
  const admin = new KafkaAdmin(createKafka({ brokers, clientId: 'txn-unit-int-admin', quiet: true }));
  const units: TransactionalUnit[] = [];

  afterAll(async () => {
    await Promise.all(units.map((u) => u.close()));
    await admin.disconnect();
  });

  async function unitOn(clientId: string): Promise<TransactionalUnit> {
    const unit = new TransactionalUnit({ kafka: createKafka({ brokers, clientId }), transactionalId: uniqueName('txn-unit') });
    units.push(unit);
    await unit.connect();
    return unit;
  }

  it('commits output and input offsets together; commits submitted meanwhile share the next transaction', async () => {
    const input = uniqueName('txn-in');
    const output = uniqueName('txn-out');
    const groupId = uniqueName('txn-group');
    await admin.ensureTopics([
      { topic: input, numPartitions: 4, retentionMs: 3_600_000 },
      { topic: output, numPartitions: 1, retentionMs: 3_600_000 },
    ]);
    const clientId = uniqueName('txn-unit');
    const unit = await unitOn(clientId);
    const endsBefore = kafkaRequestCount(clientId, 'EndTxn');
    // 20 batches of 4 partitions at once: the first takes a transaction alone, the other 19 go together into the next.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        unit.commit({
          records: [{ topic: output, key: `k${i}`, value: String(i) }],
          offsets: [{ topic: input, partition: i % 4, nextOffset: String(i + 1) }],
          consumerGroupId: groupId,
        }),
      ),
    );
    expect(kafkaRequestCount(clientId, 'EndTxn') - endsBefore).toBe(2);
    // Per partition, the furthest offset of the batches of that partition. The broker applies transactional
    // offsets once it has written the commit markers, just after EndTxn answered: hence eventually.
    const expected = JSON.stringify([
      [0, '17'],
      [1, '18'],
      [2, '19'],
      [3, '20'],
    ]);
    await eventually(
      async () => JSON.stringify([...((await admin.groupOffsets(groupId, [input])).get(input) ?? [])].sort()),
      (c) => c === expected,
      { what: 'the offsets committed' },
    );
    const seen = await readUntil(kafkajsOf(createKafka({ brokers, clientId: 'txn-out-reader', quiet: true })), output, (s) => s.length >= 20);
    expect(seen.map((r) => r.value?.toString()).sort()).toEqual(Array.from({ length: 20 }, (_, i) => String(i)).sort());
  }, 60_000);

  it('looks the coordinators up once, not for every step of every transaction', async () => {
    const input = uniqueName('txn-coord-in');
    const output = uniqueName('txn-coord-out');
    const groupId = uniqueName('txn-coord-group');
    await admin.ensureTopics([
      { topic: input, numPartitions: 1, retentionMs: 3_600_000 },
      { topic: output, numPartitions: 1, retentionMs: 3_600_000 },
    ]);
    const clientId = uniqueName('txn-coord');
    const unit = await unitOn(clientId);
    // kafkajs names FindCoordinator requests by their old name, GroupCoordinator.
    const lookupsBefore = kafkaRequestCount(clientId, 'GroupCoordinator');
    for (let i = 0; i < 10; i += 1) {
      await unit.commit({
        records: [{ topic: output, key: 'k', value: String(i) }],
        offsets: [{ topic: input, partition: 0, nextOffset: String(i + 1) }],
        consumerGroupId: groupId,
      });
    }
    // kafkajs alone asks before every step (AddPartitionsToTxn with its retries, AddOffsetsToTxn, TxnOffsetCommit's group, EndTxn): ~47 here.
    const lookups = kafkaRequestCount(clientId, 'GroupCoordinator') - lookupsBefore;
    expect(lookups).toBeLessThanOrEqual(2);
    expect(kafkaRequestCount(clientId, 'EndTxn')).toBeGreaterThanOrEqual(10);
    await eventually(
      async () => (await admin.groupOffsets(groupId, [input])).get(input)?.get(0),
      (offset) => offset === '10',
      { what: 'offset 10 committed' },
    );
  }, 60_000);
});

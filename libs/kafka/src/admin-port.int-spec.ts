import { uniqueName } from '@hookline/testing';
import { KafkaAdmin } from './admin-port';
import { createKafka } from './kafka-client';
import { kafkaRequestCount } from './kafka-request-metrics';
import { OrderedRecordWriter } from './record-writer';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

describe('KafkaAdmin (integration)', () => {
  const clientId = uniqueName('admin-port');
  const admin = new KafkaAdmin(createKafka({ brokers, clientId, quiet: true }));
  const writer = new OrderedRecordWriter({ kafka: createKafka({ brokers, clientId: 'admin-port-writer' }), shards: 1 });

  beforeAll(() => writer.connect());
  afterAll(async () => {
    await writer.disconnect();
    await admin.disconnect();
  });

  it('reads the end offsets of every partition with one ListOffsets request and no Metadata request once the topic is known', async () => {
    const topic = uniqueName('admin-ends');
    await admin.ensureTopics([{ topic, numPartitions: 3, retentionMs: 3_600_000 }]);
    const positions = await writer.write(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key) => ({ topic, key, value: key })));
    const expected = new Map<number, bigint>([
      [0, 0n],
      [1, 0n],
      [2, 0n],
    ]);
    for (const p of positions) expected.set(p.partition, (expected.get(p.partition) ?? 0n) + 1n);
    await admin.endOffsets(topic); // metadata of the topic fetched once
    const before = kafkaRequestCount(clientId, 'ListOffsets');
    const metadataBefore = kafkaRequestCount(clientId, 'Metadata');
    expect(await admin.endOffsets(topic)).toEqual(expected);
    expect(await admin.endOffsets(topic)).toEqual(expected);
    expect(kafkaRequestCount(clientId, 'ListOffsets') - before).toBe(2);
    // kafkajs' admin alone would refresh metadata before each read (it has no max age): issue 14.
    expect(kafkaRequestCount(clientId, 'Metadata') - metadataBefore).toBe(0);
    expect(await admin.partitionCounts([topic])).toEqual(new Map([[topic, 3]]));
  }, 60_000);
});

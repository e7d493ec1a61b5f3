import { readUntil, uniqueName } from '@hookline/testing';
import { KafkaAdmin } from './admin-port';
import { createKafka, kafkajsOf } from './kafka-client';
import { kafkaRequestCount } from './kafka-request-metrics';
import { OrderedRecordWriter } from './record-writer';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

/** The ordered record writer against the real broker: per-key order under concurrency, positions, and gathering callers. */
describe('OrderedRecordWriter (integration)', () => {
  const writers: OrderedRecordWriter[] = [];
  const admin = new KafkaAdmin(createKafka({ brokers, clientId: 'writer-int-admin', quiet: true }));

  afterAll(async () => {
    await Promise.all(writers.map((w) => w.disconnect()));
    await admin.disconnect();
  });

  async function writerOn(clientId: string, shards: number): Promise<OrderedRecordWriter> {
    const writer = new OrderedRecordWriter({ kafka: createKafka({ brokers, clientId }), shards });
    writers.push(writer);
    await writer.connect();
    return writer;
  }

  it('keeps each key in call order across concurrent callers and shards, and tells each record where it landed', async () => {
    const topic = uniqueName('writer-order');
    await admin.ensureTopics([{ topic, numPartitions: 3, retentionMs: 3_600_000 }]);
    const writer = await writerOn(uniqueName('writer-order'), 4);
    const keys = ['ep_a', 'ep_b', 'ep_c', 'ep_d', 'ep_e', 'ep_f'];
    // 6 keys × 100 writes, none awaited before the next is called: they overlap in every shard.
    const writes = Array.from({ length: 100 }, (_, seq) => writer.write(keys.map((key) => ({ topic, key, value: JSON.stringify({ key, seq }) }))));
    const positions = (await Promise.all(writes)).flat();
    const seen = await readUntil(kafkajsOf(createKafka({ brokers, clientId: 'writer-order-reader', quiet: true })), topic, (s) => s.length >= 600);
    expect(seen).toHaveLength(600);
    const lastSeq = new Map<string, number>();
    for (const record of seen) {
      const { key, seq } = JSON.parse(record.value?.toString() ?? '{}') as { key: string; seq: number };
      expect(seq).toBeGreaterThan(lastSeq.get(key) ?? -1);
      lastSeq.set(key, seq);
    }
    expect([...lastSeq.values()]).toEqual(keys.map(() => 99));
    // Every position is distinct, and a record read back sits at the position its write returned.
    const byPosition = new Set(positions.map((p) => `${p.partition}:${p.offset}`));
    expect(byPosition.size).toBe(600);
    const readAt = new Map(seen.map((r) => [r.value?.toString() ?? '', r.offset]));
    expect(positions[0]?.offset).toBe(readAt.get(JSON.stringify({ key: 'ep_a', seq: 0 })));
    expect(positions[599]?.offset).toBe(readAt.get(JSON.stringify({ key: 'ep_f', seq: 99 })));
  }, 60_000);

  it('gathers callers of the same moment into one request instead of one each', async () => {
    const topic = uniqueName('writer-linger');
    await admin.ensureTopics([{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    const clientId = uniqueName('writer-linger');
    const writer = await writerOn(clientId, 1);
    await writer.write([{ topic, key: 'warm', value: 'up' }]); // metadata and producer id fetched
    const before = kafkaRequestCount(clientId, 'Produce');
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.write([{ topic, key: 'ep', value: String(i) }])));
    const requests = kafkaRequestCount(clientId, 'Produce') - before;
    expect(requests).toBeGreaterThanOrEqual(1);
    expect(requests).toBeLessThanOrEqual(2);
  }, 60_000);

  /** A writer on a fresh one-partition topic that lingers far longer than a test takes, warmed up (metadata, producer id). */
  async function lingeringWriter(name: string, shards: number): Promise<{ topic: string; clientId: string; writer: OrderedRecordWriter }> {
    const topic = uniqueName(name);
    await admin.ensureTopics([{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    const clientId = uniqueName(name);
    const writer = new OrderedRecordWriter({ kafka: createKafka({ brokers, clientId }), shards, lingerMs: 600_000 });
    writers.push(writer);
    await writer.connect();
    await writer.write([{ topic, key: 'warm', value: 'up' }], { urgent: true });
    return { topic, clientId, writer };
  }

  it('sends an urgent write at once, taking the lingering ones with it in the same request', async () => {
    // A linger far longer than the test may take: only the urgent write can end it.
    const { topic, clientId, writer } = await lingeringWriter('writer-urgent', 1);
    const before = kafkaRequestCount(clientId, 'Produce');
    const lingering = writer.write([{ topic, key: 'ep', value: 'can wait' }]);
    const urgent = writer.write([{ topic, key: 'ep', value: 'fifo head' }], { urgent: true });
    const [[waited], [pressed]] = await Promise.all([lingering, urgent]);
    expect(kafkaRequestCount(clientId, 'Produce') - before).toBe(1);
    // Call order kept: the lingering record went first.
    expect(BigInt(pressed?.offset ?? '-1')).toBe(BigInt(waited?.offset ?? '-2') + 1n);
  }, 30_000);

  it('sends what lingers when flushed', async () => {
    const { topic, writer } = await lingeringWriter('writer-flush', 2);
    const lingering = Promise.all(['ep_a', 'ep_b', 'ep_c', 'ep_d'].map((key) => writer.write([{ topic, key, value: key }])));
    writer.flush();
    const written = await lingering;
    expect(written.flat()).toHaveLength(4);
  }, 30_000);

  it('goes on with a new producer after a failed request, so a stale sequence number can never drop or block a later write', async () => {
    const topic = uniqueName('writer-renew');
    await admin.ensureTopics([{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    const clientId = uniqueName('writer-renew');
    const writer = await writerOn(clientId, 1);
    await writer.write([{ topic, key: 'ep_a', value: 'before' }]);
    const producerIds = kafkaRequestCount(clientId, 'InitProducerId');

    // Over the broker's message.max.bytes (1 MiB by default): the broker refuses it, kafkajs gives up.
    await expect(writer.write([{ topic, key: 'ep_a', value: 'x'.repeat(1_100_000) }])).rejects.toThrow(/larger than/i);
    await writer.write([{ topic, key: 'ep_a', value: 'after' }]);

    expect(kafkaRequestCount(clientId, 'InitProducerId')).toBe(producerIds + 1);
    const seen = await readUntil(kafkajsOf(createKafka({ brokers, clientId: 'writer-renew-reader', quiet: true })), topic, (s) => s.length >= 2);
    expect(seen.map((record) => record.value?.toString())).toEqual(['before', 'after']);
  }, 60_000);
});

import type { Admin, Kafka, KafkaMessage, Producer, ProducerBatch } from 'kafkajs';
import { createTopics, readUntil, testKafka, uniqueName } from '@hookline/testing';
import { RecordWriter, type OutgoingRecord } from './record-writer';

/** The broker's default message.max.bytes (1 MiB + 12): a send whose record batch for one partition is larger is refused. */
const BROKER_LIMIT_BYTES = 1_048_588;

/** The dispatcher's record writer against the real broker; each test writes to a topic of its own. */
describe('RecordWriter (Kafka)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const producers: Producer[] = [];

  beforeAll(async () => {
    kafka = testKafka('record-writer-int-spec');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect()));
    await admin.disconnect();
  });

  async function setUp(numPartitions: number) {
    const topic = uniqueName('record-writer');
    await createTopics(admin, [{ topic, numPartitions }]);
    // As the dispatcher configures it (dispatch.consumer.ts).
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    producers.push(producer);
    // The real producer, with every send it is asked for recorded.
    const sends: ProducerBatch[] = [];
    const observed: Producer = { ...producer, sendBatch: (batch) => (sends.push(batch), producer.sendBatch(batch)) };
    const record = (key: string, value: string): OutgoingRecord => ({ topic, key, value: Buffer.from(value) });
    return { topic, writer: new RecordWriter(observed), sends, record };
  }

  const values = (messages: readonly KafkaMessage[]) => messages.map((m) => m.value?.toString() ?? '');
  const sendBytes = (batch: ProducerBatch) =>
    (batch.topicMessages ?? []).flatMap((t) => t.messages).reduce((sum, m) => sum + Buffer.byteLength(m.key ?? '') + Buffer.byteLength(m.value ?? ''), 0);

  it('coalesces writes that arrive during a send into the next one and keeps call order per key', async () => {
    const { topic, writer, sends, record } = await setUp(3);
    const calls = Array.from({ length: 60 }, (_, call) =>
      Array.from({ length: 3 }, (_, j) => record(`endpoint-${call % 4}`, `${String(call).padStart(2, '0')}-${j}`)),
    );
    await Promise.all(calls.map((records) => writer.write(records)));

    // Would catch a writer that sends each call on its own (one broker round trip per attempt outcome).
    expect(sends.length).toBeLessThan(calls.length / 10);
    const seen = await readUntil(kafka, topic, (m) => m.length >= 180);
    expect(seen).toHaveLength(180);
    // Would catch sends overlapping or coalesced out of order: an endpoint's facts must keep their order.
    for (let key = 0; key < 4; key += 1) {
      const expected = calls.filter((_, call) => call % 4 === key).flat().map((r) => r.value.toString());
      expect(values(seen.filter((m) => m.key?.toString() === `endpoint-${key}`))).toEqual(expected);
    }
  });

  it('splits what it writes into sends under the broker limit, in order', async () => {
    const { topic, writer, sends, record } = await setUp(1);
    const body = 'b'.repeat(2_000); // like attempt facts carrying a response body prefix
    const big = Array.from({ length: 1_500 }, (_, i) => record('endpoint', `big-${String(i).padStart(4, '0')}-${body}`));
    const small = Array.from({ length: 20 }, (_, i) => record('endpoint', `small-${String(i).padStart(2, '0')}`));

    // ~3 MB in one call: sent as one batch it would be refused (MESSAGE_TOO_LARGE) and the call would fail.
    await Promise.all([writer.write(big), writer.write(small)]);

    for (const send of sends) expect(sendBytes(send)).toBeLessThan(BROKER_LIMIT_BYTES);
    const seen = await readUntil(kafka, topic, (m) => m.length >= big.length + small.length);
    expect(values(seen)).toEqual([...big, ...small].map((r) => r.value.toString()));
  });

  it('rejects every caller whose records shared a failed send, and goes on with the next ones', async () => {
    const { topic, writer, record } = await setUp(1);
    const first = writer.write([record('endpoint', 'first')]);
    // These three arrive while `first` is in flight and share the next send; the broker refuses
    // the oversized record (over 1 MiB, non-retriable), so that send fails.
    const shared = [
      writer.write([record('endpoint', 'shared-before')]),
      writer.write([record('endpoint', 'x'.repeat(1_500_000))]),
      writer.write([record('endpoint', 'shared-after')]),
    ];
    const outcomes = await Promise.allSettled([first, ...shared]);
    // Would catch a writer that resolves callers whose records may not be durable (the dispatcher would
    // commit the job as recorded) or leaves them waiting forever (the lane would stall).
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);

    await writer.write([record('endpoint', 'later')]);
    const seen = values(await readUntil(kafka, topic, (m) => m.some((r) => r.value?.toString() === 'later')));
    expect(seen[0]).toBe('first');
    expect(seen[seen.length - 1]).toBe('later');
  });
});

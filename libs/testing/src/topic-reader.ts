import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';

/**
 * Reads a topic from the beginning with a read-committed consumer (aborted
 * transactional writes are invisible, as to any real consumer) until no new
 * record has arrived for `quietMs`, or `expected` records were seen.
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  { expected, quietMs = 3_000, timeoutMs = 120_000 }: { expected?: number; quietMs?: number; timeoutMs?: number } = {},
): Promise<KafkaMessage[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers, logLevel: logLevel.ERROR });
  const groupId = `test-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const seen: KafkaMessage[] = [];
  let lastArrival = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      seen.push(...batch.messages);
      lastArrival = Date.now();
    },
  });
  const started = Date.now();
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (expected !== undefined && seen.length >= expected) {
        await new Promise((resolve) => setTimeout(resolve, quietMs)); // anything beyond `expected` would be a duplicate
        break;
      }
      if (expected === undefined && Date.now() - lastArrival > quietMs && Date.now() - started > quietMs) break;
      if (Date.now() - started > timeoutMs) break;
    }
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return seen;
}

export function jsonValues<T>(messages: readonly KafkaMessage[]): T[] {
  return messages.map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as T);
}

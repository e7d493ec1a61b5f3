import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs';

/**
 * Kafka pieces for integration tests (`*.int-spec.ts`): a client on the run's
 * broker, topics of the test's own (random names, so test files never meet),
 * and a reader that stops on a condition instead of on a quiet period.
 */
export function brokersFromEnv(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers === undefined || brokers === '') throw new Error("KAFKA_BROKERS is not set; run through jest's global setup");
  return brokers.split(',');
}

/** Silent: kafkajs logs the broker's retriable answers ("coordinator is loading") as errors; real failures reach the test. */
export function testKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: brokersFromEnv(), logLevel: logLevel.NOTHING });
}

/** A name no other test (or run) uses. */
export function uniqueName(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export async function createTopics(admin: Admin, topics: ReadonlyArray<{ topic: string; numPartitions: number }>): Promise<void> {
  await admin.createTopics({ topics: topics.map((t) => ({ ...t, replicationFactor: 1 })), waitForLeaders: false });
  for (const { topic } of topics) await untilLeaderElected(admin, topic);
}

/**
 * KRaft acknowledges CreateTopics before the broker's metadata cache has the
 * topic, and kafkajs's `waitForLeaders` gives up on the resulting
 * UNKNOWN_TOPIC_OR_PARTITION instead of retrying; so poll until it has a leader.
 */
export async function untilLeaderElected(admin: Admin, topic: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      if (metadata.topics[0]?.partitions.every((p) => p.leader >= 0)) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ReadOptions {
  /** false (the default) reads like every Hookline consumer: aborted transactional records are invisible. */
  readonly readUncommitted?: boolean;
  readonly timeoutMs?: number;
}

/**
 * Reads `topic` from the beginning with a throwaway group until `done` accepts
 * what has been seen (in partition order per partition). A test that expects
 * some records to be absent makes `done` wait for a marker written after
 * them: by the time the marker arrives, everything before it in that
 * partition has been delivered or skipped.
 */
export async function readUntil(
  kafka: Kafka,
  topic: string,
  done: (seen: readonly KafkaMessage[]) => boolean,
  { readUncommitted = false, timeoutMs = 30_000 }: ReadOptions = {},
): Promise<KafkaMessage[]> {
  const groupId = uniqueName('int-reader');
  const consumer = kafka.consumer({ groupId, readUncommitted, maxWaitTimeInMs: 100 });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic}: condition not met within ${timeoutMs} ms (${seen.length} records seen)`)), timeoutMs);
      void consumer
        .run({
          eachBatch: async ({ batch }) => {
            seen.push(...batch.messages);
            if (done(seen)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined); // best effort: the group is empty and random
    await admin.disconnect();
  }
  return seen;
}

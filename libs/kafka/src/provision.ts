import { DEFAULT_RETRY_DELAYS_MS } from '@hookline/contracts';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { createKafka, kafkajsOf, type KafkaClient } from './kafka-client';
import { DEFAULT_TOPIC_PLAN, planTopics, type TopicPlanOptions, type TopicSpec } from './topic-plan';

/**
 * Creates missing topics and brings retention of existing ones in line.
 * Idempotent: run it at every start-up and as a Helm hook Job. It never
 * shrinks partitions (Kafka cannot) and only grows them when asked for more.
 */
export async function ensureTopics(kafka: KafkaClient, specs: readonly TopicSpec[]): Promise<void> {
  const admin = kafkajsOf(kafka).admin();
  await admin.connect();
  try {
    await ensureTopicsWith(admin, specs);
  } finally {
    await admin.disconnect();
  }
}

/** ensureTopics on an admin already connected (admin-port.ts). */
export async function ensureTopicsWith(admin: Admin, specs: readonly TopicSpec[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      // kafkajs gives up on UNKNOWN_TOPIC_OR_PARTITION while KRaft metadata propagates; we wait below instead.
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.numPartitions,
        configEntries: [{ name: 'retention.ms', value: String(spec.retentionMs) }],
      })),
    });
  }
  await waitForLeaders(
    admin,
    specs.map((spec) => spec.topic),
  );
  const present = specs.filter((spec) => existing.has(spec.topic));
  if (present.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: present.map((spec) => ({
      type: ConfigResourceTypes.TOPIC,
      name: spec.topic,
      configEntries: [{ name: 'retention.ms', value: String(spec.retentionMs) }],
    })),
  });
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.topic) });
  const grow = present.filter((spec) => {
    const current = metadata.topics.find((t) => t.name === spec.topic)?.partitions.length ?? 0;
    return current < spec.numPartitions;
  });
  if (grow.length > 0) {
    await admin.createPartitions({ topicPartitions: grow.map((spec) => ({ topic: spec.topic, count: spec.numPartitions })) });
  }
}

/** Polls metadata until every partition of every topic has a leader (bounded). */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready && metadata.topics.length === topics.length) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics have no leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ProvisionOptions extends Partial<Omit<TopicPlanOptions, 'prefix'>> {
  readonly brokers: readonly string[];
  readonly prefix: string;
}

/** Every topic of the deployment; the retry tiers of the default schedule are always included. */
export async function provisionTopics(options: ProvisionOptions): Promise<TopicSpec[]> {
  const { brokers, retryDelays = [], ...rest } = options;
  const specs = planTopics({
    ...DEFAULT_TOPIC_PLAN,
    ...rest,
    retryDelays: [...DEFAULT_RETRY_DELAYS_MS, ...retryDelays],
  });
  await ensureTopics(createKafka({ brokers, clientId: 'hookline-provisioning', quiet: true }), specs);
  return specs;
}

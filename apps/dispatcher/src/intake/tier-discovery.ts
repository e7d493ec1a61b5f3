import { parseDuration } from '@hookline/config';
import { topicNames } from '@hookline/contracts';
import type { RegistryView } from '@hookline/domain';
import { DEFAULT_TOPIC_PLAN, KafkaAdmin, planTopics, type KafkaClient } from '@hookline/kafka';

/**
 * The retry tiers to consume: one per distinct delay of the deployment's
 * schedule and of every endpoint's own schedule known at start, plus any tier
 * topic that already exists (provisioning always creates the default ones).
 * Missing ones are created (idempotent) with as many partitions as
 * `deliveries`. A delay that appears after start waits in the largest tier
 * below it until the next start creates its own (see docs/dispatcher.md).
 */
export async function discoverRetryTiers(kafka: KafkaClient, prefix: string, schedule: readonly number[], view: RegistryView): Promise<number[]> {
  const names = topicNames(prefix);
  const wanted = new Set<number>(schedule);
  for (const endpoint of view.allEndpoints()) for (const delay of endpoint.retrySchedule ?? []) wanted.add(delay);
  const admin = new KafkaAdmin(kafka);
  try {
    const tierPrefix = names.retry(1000).replace(/1s$/, '');
    for (const topic of await admin.listTopics()) {
      if (!topic.startsWith(tierPrefix)) continue;
      const delay = parseTierDelay(topic.slice(tierPrefix.length));
      if (delay !== null) wanted.add(delay);
    }
    const partitions = (await admin.partitionCounts([names.deliveries])).get(names.deliveries) ?? DEFAULT_TOPIC_PLAN.partitions;
    const delays = [...wanted].sort((a, b) => a - b);
    const tierTopics = new Set(delays.map((delay) => names.retry(delay)));
    const specs = planTopics({ ...DEFAULT_TOPIC_PLAN, prefix, partitions, retryDelays: delays }).filter((spec) => tierTopics.has(spec.topic));
    await admin.ensureTopics(specs);
    return delays;
  } finally {
    await admin.disconnect();
  }
}

function parseTierDelay(label: string): number | null {
  try {
    return parseDuration(label);
  } catch {
    return null; // not one of ours (e.g. `retry.dlq`); ignore it
  }
}

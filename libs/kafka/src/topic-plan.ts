import { topicNames } from '@hookline/contracts';

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
  /** ms; -1 keeps records forever. */
  readonly retentionMs: number;
}

export interface TopicPlanOptions {
  readonly prefix: string;
  /** Partitions of the work topics (events, deliveries, retry tiers, delivery-log). */
  readonly partitions: number;
  readonly registryPartitions: number;
  /** Delays (ms) of every retry schedule in use; one tier topic each. */
  readonly retryDelays: readonly number[];
  /** How long delivery-log keeps facts; at least the history retention of the read models. */
  readonly deliveryLogRetentionMs: number;
  readonly inputRetentionMs: number;
}

const DAY = 86_400_000;

export const DEFAULT_TOPIC_PLAN: Omit<TopicPlanOptions, 'prefix' | 'retryDelays'> = {
  partitions: 6,
  registryPartitions: 3,
  deliveryLogRetentionMs: 35 * DAY,
  inputRetentionMs: 7 * DAY,
};

/**
 * The topics of DESIGN.md. `registry` keeps everything forever (it is the
 * source of truth and is never compacted: compaction would drop history). A
 * retry tier keeps jobs at least twice its delay, and never less than the
 * input retention.
 */
export function planTopics(options: TopicPlanOptions): TopicSpec[] {
  const names = topicNames(options.prefix);
  const work = (topic: string, retentionMs: number): TopicSpec => ({ topic, numPartitions: options.partitions, retentionMs });
  const tiers = [...new Set(options.retryDelays)].sort((a, b) => a - b);
  return [
    work(names.events, options.inputRetentionMs),
    { topic: names.registry, numPartitions: options.registryPartitions, retentionMs: -1 },
    work(names.deliveries, options.inputRetentionMs),
    work(names.deliveryLog, options.deliveryLogRetentionMs),
    work(names.deadLetter, options.deliveryLogRetentionMs),
    ...tiers.map((delay) => work(names.retry(delay), Math.max(2 * delay, options.inputRetentionMs))),
  ];
}

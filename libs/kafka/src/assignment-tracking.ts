import type { Consumer } from 'kafkajs';

/** A topic partition (batch-consumer.ts's TopicPartition; spelled out here to keep the import one-way). */
interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Keeps the last assignment and tells listeners of each, a late listener at once.
 * A partition this member gets back after a join that took it away starts
 * unpaused: kafkajs keeps a partition's pause across rebalances, but whoever
 * paused it was told it was revoked and dropped the resume (the dispatcher's
 * intake cancels its due and room timers), so the partition would never be
 * fetched again, silently. A partition kept through the join keeps its pause.
 */
export function trackAssignment(consumer: Consumer): { listen(listener: (assigned: TopicPartition[]) => void): () => void } {
  const listeners = new Set<(assigned: TopicPartition[]) => void>();
  let last: TopicPartition[] | null = null;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assigned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
    const kept = new Set((last ?? []).map(({ topic, partition }) => `${topic}:${partition}`));
    const stale = consumer
      .paused()
      .map(({ topic, partitions }) => ({ topic, partitions: partitions.filter((partition) => !kept.has(`${topic}:${partition}`)) }))
      .filter(({ partitions }) => partitions.length > 0);
    if (stale.length > 0) consumer.resume(stale);
    last = assigned;
    for (const listener of listeners) listener(assigned);
  });
  return {
    listen: (listener) => {
      listeners.add(listener);
      if (last !== null) listener(last);
      return () => listeners.delete(listener);
    },
  };
}

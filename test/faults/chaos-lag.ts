import type { Admin } from 'kafkajs';

/** What one consumer group still has to read, per topic-partition with records. */
export interface GroupLag {
  readonly groupId: string;
  readonly lag: number;
  readonly behind: readonly string[];
}

/**
 * Lag of every consumer group whose id starts with `prefix` and that commits
 * offsets: the end offset (read-committed high watermark) minus the committed
 * offset, summed over the topics it has committed on. Groups that commit
 * nothing (the apps' registry views replay from the start by design) have no
 * lag to measure and are skipped.
 */
export async function consumerLag(admin: Admin, prefix: string): Promise<GroupLag[]> {
  const { groups } = await admin.listGroups();
  const result: GroupLag[] = [];
  for (const { groupId } of groups.filter((g) => g.groupId.startsWith(prefix))) {
    const committed = await admin.fetchOffsets({ groupId });
    const topics = committed.filter((t) => t.partitions.some((p) => Number(p.offset) >= 0));
    if (topics.length === 0) continue;
    let lag = 0;
    const behind: string[] = [];
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic.topic);
      for (const end of ends) {
        const at = Number(topic.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        const left = Number(end.high) - Math.max(0, at);
        if (left > 0) {
          lag += left;
          behind.push(`${topic.topic}[${end.partition}] ${left}`);
        }
      }
    }
    result.push({ groupId, lag, behind });
  }
  return result;
}

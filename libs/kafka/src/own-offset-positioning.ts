import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer } from 'kafkajs';

export interface OwnOffsetPositioning {
  /**
   * Waits until the partition was sought to its own offset after the last join.
   * True for the first batch of that partition since then (the caller drops it
   * when the seek made it stale), false for later ones.
   */
  untilPositioned(topic: string, partition: number): Promise<boolean>;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * Seeks every partition assigned at a group join to the offset the consumer's
 * own store names (batch-consumer.ts, `resumeFrom`; docs/history.md). At the
 * join, not at the first batch: when Kafka's committed offset is already at
 * the log end there is no batch, and a restored database would wait forever.
 * kafkajs cannot await a listener, so the first batch of each partition waits
 * for the seek instead of racing it.
 */
export function positionAtOwnOffsets(
  consumer: Consumer,
  groupId: string,
  resumeFrom: (topic: string, partition: number) => Promise<string>,
  stopping: () => boolean,
): OwnOffsetPositioning {
  let generation = 0;
  const pending = new Map<string, Promise<void>>();

  const seekWhenKnown = async (topic: string, partition: number, joined: number): Promise<void> => {
    for (let attempt = 0; joined === generation && !stopping(); attempt += 1) {
      try {
        const next = await resumeFrom(topic, partition);
        if (joined === generation && !stopping()) consumer.seek({ topic, partition, offset: next });
        return;
      } catch (error) {
        const line = {
          time: new Date().toISOString(),
          level: 'warn',
          msg: 'reading the own offset failed; retrying',
          groupId,
          topic,
          partition,
          attempt,
          error: error instanceof Error ? error.message : String(error),
        };
        process.stderr.write(`${JSON.stringify(line)}\n`);
        await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt));
      }
    }
  };

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    generation += 1;
    pending.clear();
    for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
      for (const partition of partitions) pending.set(`${topic}:${partition}`, seekWhenKnown(topic, partition, generation));
    }
  });

  return {
    untilPositioned: async (topic, partition) => {
      const key = `${topic}:${partition}`;
      const seek = pending.get(key);
      if (seek === undefined) return false;
      await seek;
      if (pending.get(key) === seek) pending.delete(key);
      return true;
    },
  };
}

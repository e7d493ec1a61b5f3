import type { RecordPosition } from './records';

/**
 * Which of `shards` producers writes a key: FNV-1a of the key, so the same
 * key always goes through the same producer and keeps its order there.
 */
export function shardOf(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** What the broker answered for one partition of a produce request. */
export interface PartitionAck {
  readonly topicName: string;
  readonly partition: number;
  readonly baseOffset?: string;
}

/**
 * The position of every record of one produce request, in request order: the
 * records of a partition are appended in the order sent, from the base offset
 * the broker returned for that partition.
 */
export function positionsOf(sent: ReadonlyArray<{ readonly topic: string; readonly partition: number }>, acks: readonly PartitionAck[]): RecordPosition[] {
  const base = new Map<string, bigint>();
  for (const ack of acks) {
    if (ack.baseOffset === undefined) continue;
    base.set(`${ack.topicName}:${ack.partition}`, BigInt(ack.baseOffset));
  }
  const next = new Map<string, bigint>();
  return sent.map(({ topic, partition }) => {
    const key = `${topic}:${partition}`;
    const offset = next.get(key) ?? base.get(key);
    if (offset === undefined) throw new Error(`the broker returned no offset for ${key}`);
    next.set(key, offset + 1n);
    return { topic, partition, offset: offset.toString() };
  });
}

import type { KafkaMessage } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { decodeJson, type DeliveryFact, type RegistryFact } from '@hookline/contracts';
import {
  enterProjectionFence,
  forgetDeletedEndpoints,
  lockCheckpoint,
  projectDeliveryFacts,
  projectRegistryFacts,
  saveCheckpoint,
} from '@hookline/persistence';

export interface ProjectedTopics {
  readonly registry: string;
  readonly deliveryLog: string;
}

export interface BatchOptions {
  /** Live projection takes the rebuild fence shared; the rebuild's own shadow replay must not. */
  readonly fenced: boolean;
  /** Records at or past this offset are left for later (a rebuild replays up to a target); null: no limit. */
  readonly limit?: bigint | null;
}

export interface BatchResult {
  /** Offset of the last record now covered by the checkpoint, or null when none is. */
  readonly durableUpTo: string | null;
  readonly projected: number;
  /** Kafka timestamp (ms) of the last projected record. */
  readonly lastTimestamp: number | null;
}

/**
 * One partition's batch in one transaction: lock its checkpoint row (a
 * compare-and-set: whoever holds it sees the true next offset), project only
 * records at or past it, move it. A duplicate or stale batch, or one that
 * starts below the checkpoint and runs past it, projects only the new part.
 */
export async function projectBatch(
  db: DataSource,
  topics: ProjectedTopics,
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  options: BatchOptions,
): Promise<BatchResult> {
  const limit = options.limit ?? null;
  const inRange = limit === null ? messages : messages.filter((m) => BigInt(m.offset) < limit);
  const last = inRange[inRange.length - 1];
  if (last === undefined) return { durableUpTo: null, projected: 0, lastTimestamp: null };
  let projected = 0;
  await db.transaction(async (tx) => {
    if (options.fenced) await enterProjectionFence(tx);
    const next = await lockCheckpoint(tx, topic, partition);
    const fresh = inRange.filter((m) => BigInt(m.offset) >= next);
    if (fresh.length === 0) return;
    if (topic === topics.registry) {
      const facts = fresh.map((m) => decodeJson<RegistryFact>(m.value, 'registry fact'));
      await projectRegistryFacts(tx, facts);
      await forgetDeletedEndpoints(tx, facts);
    } else if (topic === topics.deliveryLog) {
      await projectDeliveryFacts(tx, fresh.map((m) => decodeJson<DeliveryFact>(m.value, 'delivery fact')));
    } else {
      throw new Error(`the projector does not project ${topic}`);
    }
    await saveCheckpoint(tx, topic, partition, BigInt(last.offset) + 1n);
    projected = fresh.length;
  });
  return { durableUpTo: last.offset, projected, lastTimestamp: Number(last.timestamp) };
}

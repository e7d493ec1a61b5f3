import type { ConsumedRecord } from '@hookline/kafka';
import type { DataSource, EntityManager } from 'typeorm';
import { enterProjectionFence, lockCheckpoint, saveCheckpoint } from '@hookline/persistence';
import {
  forgetDeletedEndpoints,
  projectDeliveryFacts,
  projectRegistryFacts,
  quarantineRecords,
  refusedFactState,
  type QuarantinedRecord,
} from '@hookline/persistence/projection';
import { deliveryFacts, registryFacts, type DecodedRecord, type ProjectedFact } from './fact-decoding';
import { projectIsolatingRefusals, type Decoded } from './fact-isolation';

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
  /** Records of this batch written to projector_quarantine instead of the read models (committed). */
  readonly quarantined: readonly QuarantinedRecord[];
}

/**
 * One partition's batch in one transaction: lock its checkpoint row (a
 * compare-and-set: whoever holds it sees the true next offset), project only
 * records at or past it, quarantine what cannot be projected, move it. A
 * duplicate or stale batch, or one that starts below the checkpoint and runs
 * past it, projects only the new part.
 *
 * The first try projects the batch whole (multi-row statements, no
 * savepoints). When Postgres refuses a fact's data, that transaction is rolled
 * back and the batch is tried again isolating the refused facts
 * (fact-isolation.ts), which then go to quarantine with the checkpoint.
 */
export async function projectBatch(
  db: DataSource,
  topics: ProjectedTopics,
  topic: string,
  partition: number,
  messages: readonly ConsumedRecord[],
  options: BatchOptions,
): Promise<BatchResult> {
  const batch: Batch = { topics, topic, partition, messages, options };
  try {
    return await projectBatchOnce(db, batch, false);
  } catch (error) {
    if (refusedFactState(error) === null) throw error;
    return projectBatchOnce(db, batch, true);
  }
}

interface Batch {
  readonly topics: ProjectedTopics;
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedRecord[];
  readonly options: BatchOptions;
}

async function projectBatchOnce(db: DataSource, { topics, topic, partition, messages, options }: Batch, isolate: boolean): Promise<BatchResult> {
  const limit = options.limit ?? null;
  const inRange = limit === null ? messages : messages.filter((m) => BigInt(m.offset) < limit);
  const last = inRange[inRange.length - 1];
  if (last === undefined) return { durableUpTo: null, projected: 0, lastTimestamp: null, quarantined: [] };
  let projected = 0;
  let quarantined: QuarantinedRecord[] = [];
  await db.transaction(async (tx) => {
    if (options.fenced) await enterProjectionFence(tx);
    const next = await lockCheckpoint(tx, topic, partition);
    const fresh = inRange.filter((m) => BigInt(m.offset) >= next);
    if (fresh.length === 0) return;
    const place = { topic, partition };
    if (topic === topics.registry) {
      quarantined = await projectDecoded(tx, place, fresh.map(registryFacts), isolate, async (batchTx, facts) => {
        await projectRegistryFacts(batchTx, facts);
        await forgetDeletedEndpoints(batchTx, facts);
      });
    } else if (topic === topics.deliveryLog) {
      quarantined = await projectDecoded(tx, place, fresh.map(deliveryFacts), isolate, projectDeliveryFacts);
    } else {
      throw new Error(`the projector does not project ${topic}`);
    }
    await quarantineRecords(tx, quarantined);
    await saveCheckpoint(tx, topic, partition, BigInt(last.offset) + 1n);
    projected = fresh.length - quarantined.length;
  });
  return { durableUpTo: last.offset, projected, lastTimestamp: Number(last.timestamp), quarantined };
}

/** Projects the decodable records and returns what goes to quarantine, in log order. */
async function projectDecoded<F extends ProjectedFact>(
  tx: EntityManager,
  place: { readonly topic: string; readonly partition: number },
  records: readonly DecodedRecord<F>[],
  isolate: boolean,
  project: (tx: EntityManager, facts: readonly F[]) => Promise<void>,
): Promise<QuarantinedRecord[]> {
  const decoded: Decoded<F>[] = [];
  const set: QuarantinedRecord[] = [];
  for (const record of records) {
    if (record.kind === 'fact') decoded.push(record);
    else set.push(quarantineRow(place, record.message, { factType: null, reason: record.reason, sqlstate: null, error: record.error }));
  }
  if (!isolate) {
    await project(
      tx,
      decoded.map((r) => r.fact),
    );
    return set;
  }
  for (const refused of await projectIsolatingRefusals(tx, decoded, project)) {
    const why = { factType: refused.fact.type, reason: 'refused_by_database', sqlstate: refused.sqlstate, error: refused.error } as const;
    set.push(quarantineRow(place, refused.message, why));
  }
  return set.sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
}

function quarantineRow(
  place: { readonly topic: string; readonly partition: number },
  message: ConsumedRecord,
  why: Pick<QuarantinedRecord, 'factType' | 'reason' | 'sqlstate' | 'error'>,
): QuarantinedRecord {
  return { ...place, offset: message.offset, ...why, value: message.value, loggedAt: Number(message.timestamp) };
}

import type { EntityManager } from 'typeorm';
import type { RegistryFact } from '@hookline/contracts';

/**
 * EndpointDeleted removes the endpoint's delivery history and leaves a
 * tombstone. The registry and delivery-log topics are projected independently,
 * so attempt facts of a deleted endpoint can arrive after its deletion (live:
 * a lagging partition; rebuild: any order at all); the tombstone makes the
 * history projection drop them, so the outcome never depends on that order.
 * Messages themselves belong to the project and stay until retention.
 */
export async function forgetDeletedEndpoints(db: EntityManager, facts: readonly RegistryFact[]): Promise<void> {
  const deleted = new Map<string, string>();
  for (const fact of facts) if (fact.type === 'EndpointDeleted') deleted.set(fact.endpointId, fact.at);
  if (deleted.size === 0) return;
  await enterEndpointDeletion(db, facts);
  const ids = [...deleted.keys()].sort();
  await db.query(
    `INSERT INTO deleted_endpoints (endpoint_id, deleted_at)
     SELECT endpoint_id, deleted_at::timestamptz FROM unnest($1::text[], $2::text[]) AS t(endpoint_id, deleted_at)
     ON CONFLICT DO NOTHING`,
    [ids, ids.map((id) => deleted.get(id))],
  );
  await db.query(`DELETE FROM attempts WHERE endpoint_id = ANY($1)`, [ids]);
  await db.query(`DELETE FROM message_deliveries WHERE endpoint_id = ANY($1)`, [ids]);
  await db.query(`DELETE FROM endpoint_stats WHERE endpoint_id = ANY($1)`, [ids]);
  await db.query(`DELETE FROM endpoint_health WHERE endpoint_id = ANY($1)`, [ids]);
}

/**
 * Registry and delivery-log batches are projected by separate consumers, in
 * concurrent transactions. A history batch that read "not deleted" before a
 * deletion committed, and then wrote its rows after the deletion's DELETEs ran,
 * left rows of a deleted endpoint behind (the history-projector e2e: 190 extra
 * message_deliveries rows, live no longer equal to rebuild). So history writes
 * hold this lock shared and deletions hold it exclusively, each from before its
 * first read to its commit: a deletion waits for the history batches in
 * flight and then removes their rows, and a history batch after it sees the
 * tombstone. History batches never wait for each other.
 */
const HISTORY_DELETION_LOCK = 0x686c_6470; // 'hldp'

/** Taken by a history batch before it reads tombstones. */
export async function enterHistoryWrite(db: EntityManager): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock_shared($1)`, [HISTORY_DELETION_LOCK]);
}

/** Taken by a registry batch that deletes an endpoint, before it reads or deletes anything. */
export async function enterEndpointDeletion(db: EntityManager, facts: readonly RegistryFact[]): Promise<void> {
  if (!facts.some((fact) => fact.type === 'EndpointDeleted')) return;
  await db.query(`SELECT pg_advisory_xact_lock($1)`, [HISTORY_DELETION_LOCK]);
}

/** The subset of `endpointIds` that were deleted. */
export async function deletedEndpointsAmong(db: EntityManager, endpointIds: readonly string[]): Promise<Set<string>> {
  if (endpointIds.length === 0) return new Set();
  const rows: Array<{ endpoint_id: string }> = await db.query(`SELECT endpoint_id FROM deleted_endpoints WHERE endpoint_id = ANY($1)`, [endpointIds]);
  return new Set(rows.map((r) => r.endpoint_id));
}

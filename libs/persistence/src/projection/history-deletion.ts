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

/** The subset of `endpointIds` that were deleted. */
export async function deletedEndpointsAmong(db: EntityManager, endpointIds: readonly string[]): Promise<Set<string>> {
  if (endpointIds.length === 0) return new Set();
  const rows: Array<{ endpoint_id: string }> = await db.query(`SELECT endpoint_id FROM deleted_endpoints WHERE endpoint_id = ANY($1)`, [endpointIds]);
  return new Set(rows.map((r) => r.endpoint_id));
}

import type { EntityManager } from 'typeorm';
import { isEndpointFact, type EndpointFact, type RegistryFact } from '@hookline/contracts';
import { evolveEndpoint, type EndpointState } from '@hookline/domain';
import { ENDPOINT_COLUMNS, endpointRowValues, endpointStateFromRow, type EndpointRow } from '../rows/endpoint-rows';
import { enterEndpointDeletion } from './history-deletion';
import { projectTenantFact } from './tenant.projection';

/**
 * Projects registry facts into `endpoints` with the same fold as the in-memory
 * view (evolveEndpoint), so the two cannot disagree: load the rows the batch
 * touches, fold, write back. Deleting an endpoint removes its history too.
 * Tenant and event type facts go to their own tables (tenant.projection.ts).
 */
export async function projectRegistryFacts(db: EntityManager, facts: readonly RegistryFact[]): Promise<void> {
  await enterEndpointDeletion(db, facts);
  // Tenant and endpoint rows are independent tables, so the two kinds need not keep their relative order.
  const endpointFacts: EndpointFact[] = [];
  for (const fact of facts) {
    if (isEndpointFact(fact)) endpointFacts.push(fact);
    else await projectTenantFact(db, fact);
  }
  await projectEndpointFacts(db, endpointFacts);
}

async function projectEndpointFacts(db: EntityManager, facts: readonly EndpointFact[]): Promise<void> {
  if (facts.length === 0) return;
  const ids = [...new Set(facts.map((fact) => fact.endpointId))];
  const rows: EndpointRow[] = await db.query(`SELECT * FROM endpoints WHERE id = ANY($1)`, [ids]);
  const states = new Map<string, EndpointState | undefined>(rows.map((row) => [row.id, endpointStateFromRow(row)]));
  const deleted = new Set<string>();
  for (const fact of facts) {
    const next = evolveEndpoint(states.get(fact.endpointId), fact);
    if (fact.type === 'EndpointDeleted' && next === undefined) deleted.add(fact.endpointId);
    states.set(fact.endpointId, next);
  }

  const placeholders = ENDPOINT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
  const updates = ENDPOINT_COLUMNS.filter((c) => c !== 'id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');
  for (const [id, state] of states) {
    if (state === undefined) continue;
    await db.query(
      `INSERT INTO endpoints (${ENDPOINT_COLUMNS.join(', ')}) VALUES (${placeholders})
       ON CONFLICT (id) DO UPDATE SET ${updates} WHERE endpoints.version < EXCLUDED.version`,
      endpointRowValues(state),
    );
    deleted.delete(id);
  }
  if (deleted.size > 0) await deleteEndpointHistory(db, [...deleted]);
}

async function deleteEndpointHistory(db: EntityManager, endpointIds: string[]): Promise<void> {
  await db.query(`DELETE FROM attempts WHERE endpoint_id = ANY($1)`, [endpointIds]);
  await db.query(`DELETE FROM message_deliveries WHERE endpoint_id = ANY($1)`, [endpointIds]);
  await db.query(`DELETE FROM endpoint_stats WHERE endpoint_id = ANY($1)`, [endpointIds]);
  await db.query(`DELETE FROM endpoints WHERE id = ANY($1)`, [endpointIds]);
}

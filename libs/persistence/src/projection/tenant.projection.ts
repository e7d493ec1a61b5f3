import type { EntityManager } from 'typeorm';
import { eventTypeKey, type EventTypeCreated, type TenantFact } from '@hookline/contracts';

/**
 * Projects tenant and event type facts. Creation facts insert first-wins (ON
 * CONFLICT DO NOTHING), the same rule as the in-memory fold, so a replayed
 * batch or a racing duplicate leaves the rows as they were.
 */
export async function projectTenantFact(db: EntityManager, fact: TenantFact | EventTypeCreated): Promise<void> {
  switch (fact.type) {
    case 'AccountCreated':
      await db.query(`INSERT INTO accounts (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [fact.accountId, fact.name, fact.at]);
      return;
    case 'ProjectCreated':
      await db.query(`INSERT INTO projects (id, account_id, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
        fact.projectId,
        fact.accountId,
        fact.name,
        fact.at,
      ]);
      return;
    case 'ApiKeyCreated':
      await db.query(
        `INSERT INTO api_keys (id, key_hash, scope, account_id, project_id, name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [fact.keyId, fact.keyHash, fact.scope, fact.accountId, fact.projectId, fact.name, fact.at],
      );
      return;
    case 'ApiKeyRevoked':
      await db.query(`UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [fact.keyId, fact.at]);
      return;
    case 'EventTypeCreated':
      await db.query(
        `INSERT INTO event_types (id, account_id, name, description, schema, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [
          eventTypeKey(fact.accountId, fact.name),
          fact.accountId,
          fact.name,
          fact.description,
          fact.schema === null ? null : JSON.stringify(fact.schema),
          fact.at,
        ],
      );
      return;
    default: {
      const unexpected: never = fact;
      throw new Error(`unexpected tenant fact: ${JSON.stringify(unexpected)}`);
    }
  }
}

import type { DataSource } from 'typeorm';
import { eventTypeKey } from '@hookline/contracts';
import type { AccountState, ApiKeyState, EventTypeState, ProjectState } from '@hookline/domain';
import {
  accountFromRow,
  apiKeyFromRow,
  eventTypeFromRow,
  projectFromRow,
  type AccountRow,
  type ApiKeyRow,
  type EventTypeRow,
  type ProjectRow,
} from '../rows/tenant-rows';

export async function findAccount(db: DataSource, accountId: string): Promise<AccountState | undefined> {
  const rows: AccountRow[] = await db.query(`SELECT * FROM accounts WHERE id = $1`, [accountId]);
  return rows[0] === undefined ? undefined : accountFromRow(rows[0]);
}

export async function findProject(db: DataSource, projectId: string): Promise<ProjectState | undefined> {
  const rows: ProjectRow[] = await db.query(`SELECT * FROM projects WHERE id = $1`, [projectId]);
  return rows[0] === undefined ? undefined : projectFromRow(rows[0]);
}

export async function findApiKey(db: DataSource, keyId: string): Promise<ApiKeyState | undefined> {
  const rows: ApiKeyRow[] = await db.query(`SELECT * FROM api_keys WHERE id = $1`, [keyId]);
  return rows[0] === undefined ? undefined : apiKeyFromRow(rows[0]);
}

/** The key a request presented, by its hash; revoked keys are not found. */
export async function findLiveApiKeyByHash(db: DataSource, keyHash: string): Promise<ApiKeyState | undefined> {
  const rows: ApiKeyRow[] = await db.query(`SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash]);
  return rows[0] === undefined ? undefined : apiKeyFromRow(rows[0]);
}

/** Created types visible to an account (global + its own), or only global ones for null. Built-ins are not rows. */
export async function listCreatedEventTypes(db: DataSource, accountId: string | null): Promise<EventTypeState[]> {
  const rows: EventTypeRow[] = await db.query(
    `SELECT * FROM event_types WHERE account_id IS NULL OR account_id = $1 ORDER BY name, account_id NULLS FIRST`,
    [accountId],
  );
  return rows.map(eventTypeFromRow);
}

/** The created type answering to `name` for an account: its own, else the global one. */
export async function findCreatedEventType(db: DataSource, accountId: string | null, name: string): Promise<EventTypeState | undefined> {
  const ids = accountId === null ? [eventTypeKey(null, name)] : [eventTypeKey(accountId, name), eventTypeKey(null, name)];
  const rows: EventTypeRow[] = await db.query(`SELECT * FROM event_types WHERE id = ANY($1) ORDER BY account_id NULLS LAST`, [ids]);
  return rows[0] === undefined ? undefined : eventTypeFromRow(rows[0]);
}

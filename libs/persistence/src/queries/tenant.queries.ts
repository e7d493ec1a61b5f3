import { In, IsNull, type DataSource } from 'typeorm';
import { eventTypeKey } from '@hookline/contracts';
import type { AccountState, ApiKeyState, EventTypeState, ProjectState } from '@hookline/domain';
import { AccountEntity, ApiKeyEntity, EventTypeEntity, ProjectEntity } from '../entities';
import { accountState, apiKeyState, eventTypeState, projectState } from './tenant-states';

export async function findAccount(db: DataSource, accountId: string): Promise<AccountState | undefined> {
  const row = await db.getRepository(AccountEntity).findOneBy({ id: accountId });
  return row === null ? undefined : accountState(row);
}

export async function findProject(db: DataSource, projectId: string): Promise<ProjectState | undefined> {
  const row = await db.getRepository(ProjectEntity).findOneBy({ id: projectId });
  return row === null ? undefined : projectState(row);
}

export async function findApiKey(db: DataSource, keyId: string): Promise<ApiKeyState | undefined> {
  const row = await db.getRepository(ApiKeyEntity).findOneBy({ id: keyId });
  return row === null ? undefined : apiKeyState(row);
}

/** The key a request presented, by its hash; revoked keys are not found. */
export async function findLiveApiKeyByHash(db: DataSource, keyHash: string): Promise<ApiKeyState | undefined> {
  const row = await db.getRepository(ApiKeyEntity).findOneBy({ keyHash, revokedAt: IsNull() });
  return row === null ? undefined : apiKeyState(row);
}

/** Created types visible to an account (global + its own), or only global ones for null. Built-ins are not rows. */
export async function listCreatedEventTypes(db: DataSource, accountId: string | null): Promise<EventTypeState[]> {
  const rows = await db.getRepository(EventTypeEntity).find({
    where: accountId === null ? { accountId: IsNull() } : [{ accountId: IsNull() }, { accountId }],
    order: { name: 'ASC', accountId: { direction: 'ASC', nulls: 'FIRST' } },
  });
  return rows.map(eventTypeState);
}

/** The created type answering to `name` for an account: its own, else the global one. */
export async function findCreatedEventType(db: DataSource, accountId: string | null, name: string): Promise<EventTypeState | undefined> {
  const ids = accountId === null ? [eventTypeKey(null, name)] : [eventTypeKey(accountId, name), eventTypeKey(null, name)];
  const [row] = await db.getRepository(EventTypeEntity).find({ where: { id: In(ids) }, order: { accountId: { direction: 'ASC', nulls: 'LAST' } } });
  return row === undefined ? undefined : eventTypeState(row);
}

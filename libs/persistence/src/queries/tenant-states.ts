import type { AccountState, ApiKeyState, EventTypeState, ProjectState } from '@hookline/domain';
import type { AccountEntity, ApiKeyEntity, EventTypeEntity, ProjectEntity } from '../entities';

/** The tenant read models as the domain states the registry works with. */
export const accountState = (row: AccountEntity): AccountState => ({
  accountId: row.id,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});

export const projectState = (row: ProjectEntity): ProjectState => ({
  projectId: row.id,
  accountId: row.accountId,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});

export const apiKeyState = (row: ApiKeyEntity): ApiKeyState => ({
  keyId: row.id,
  keyHash: row.keyHash,
  scope: row.scope,
  accountId: row.accountId,
  projectId: row.projectId,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export const eventTypeState = (row: EventTypeEntity): EventTypeState => ({
  name: row.name,
  accountId: row.accountId,
  description: row.description,
  schema: row.schema,
  createdAt: row.createdAt.toISOString(),
});

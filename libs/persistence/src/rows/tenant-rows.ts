import type { ApiKeyScope, JsonSchemaDocument } from '@hookline/contracts';
import type { AccountState, ApiKeyState, EventTypeState, ProjectState } from '@hookline/domain';

/** Rows of the tenant tables as pg returns them, and their domain states. */
export interface AccountRow {
  id: string;
  name: string;
  created_at: Date;
}

export interface ProjectRow {
  id: string;
  account_id: string;
  name: string;
  created_at: Date;
}

export interface ApiKeyRow {
  id: string;
  key_hash: string;
  scope: ApiKeyScope;
  account_id: string;
  project_id: string | null;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface EventTypeRow {
  id: string;
  account_id: string | null;
  name: string;
  description: string;
  schema: JsonSchemaDocument | null;
  created_at: Date;
}

export const accountFromRow = (row: AccountRow): AccountState => ({
  accountId: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
});

export const projectFromRow = (row: ProjectRow): ProjectState => ({
  projectId: row.id,
  accountId: row.account_id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
});

export const apiKeyFromRow = (row: ApiKeyRow): ApiKeyState => ({
  keyId: row.id,
  keyHash: row.key_hash,
  scope: row.scope,
  accountId: row.account_id,
  projectId: row.project_id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export const eventTypeFromRow = (row: EventTypeRow): EventTypeState => ({
  name: row.name,
  accountId: row.account_id,
  description: row.description,
  schema: row.schema,
  createdAt: row.created_at.toISOString(),
});

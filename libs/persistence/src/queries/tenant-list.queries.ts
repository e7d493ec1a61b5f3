import type { DataSource } from 'typeorm';
import { DomainError, type AccountState, type ApiKeyState, type ProjectState } from '@hookline/domain';
import { accountFromRow, apiKeyFromRow, projectFromRow, type AccountRow, type ApiKeyRow, type ProjectRow } from '../rows/tenant-rows';

export interface Page<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
}

export interface PageQuery {
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Keyset pages by id, like endpoints: ids sort by creation time, so rows
 * created or removed between pages cause neither duplicates nor gaps. The
 * cursor names its list (`acc:`, `proj:`, `key:`) so one list's cursor is
 * refused by another.
 */
async function pageById<Row extends { id: string }, T>(
  db: DataSource,
  list: string,
  sql: string,
  params: unknown[],
  query: PageQuery,
  fromRow: (row: Row) => T,
): Promise<Page<T>> {
  const after = query.cursor === undefined ? '' : decodeCursor(list, query.cursor);
  const rows: Row[] = await db.query(`${sql} AND id > $${params.length + 1} ORDER BY id LIMIT $${params.length + 2}`, [...params, after, query.limit + 1]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { data: page.map(fromRow), nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(list, last.id) : null };
}

/** Every account, or only `accountId` when given. */
export function listAccounts(db: DataSource, accountId: string | null, query: PageQuery): Promise<Page<AccountState>> {
  return pageById<AccountRow, AccountState>(db, 'acc', `SELECT * FROM accounts WHERE ($1::text IS NULL OR id = $1)`, [accountId], query, accountFromRow);
}

export function listProjects(db: DataSource, accountId: string, query: PageQuery): Promise<Page<ProjectState>> {
  return pageById<ProjectRow, ProjectState>(db, 'proj', `SELECT * FROM projects WHERE account_id = $1`, [accountId], query, projectFromRow);
}

/** Keys of an account (all scopes) or, with projectId, of one project; revoked ones included, with revokedAt. */
export function listApiKeys(db: DataSource, filter: { accountId: string | null; projectId: string | null }, query: PageQuery): Promise<Page<ApiKeyState>> {
  return pageById<ApiKeyRow, ApiKeyState>(
    db,
    'key',
    `SELECT * FROM api_keys WHERE ($1::text IS NULL OR account_id = $1) AND ($2::text IS NULL OR project_id = $2)`,
    [filter.accountId, filter.projectId],
    query,
    apiKeyFromRow,
  );
}

export function encodeCursor(list: string, id: string): string {
  return Buffer.from(`${list}:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(list: string, cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(`${list}:`) || text.length <= list.length + 1) {
    throw new DomainError('validation', 'invalid_cursor', 'cursor is not one this API returned', { field: 'cursor' });
  }
  return text.slice(list.length + 1);
}

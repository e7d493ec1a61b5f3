import { And, Equal, MoreThan, type DataSource } from 'typeorm';
import { DomainError, type AccountState, type ApiKeyState, type ProjectState } from '@hookline/domain';
import { AccountEntity, ApiKeyEntity, ProjectEntity } from '../entities';
import { accountState, apiKeyState, projectState } from './tenant-states';

export interface Page<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
}

export interface PageQuery {
  readonly limit: number;
  readonly cursor?: string;
}

/*
 * Keyset pages by id, like endpoints: ids sort by creation time, so rows
 * created or removed between pages cause neither duplicates nor gaps. The
 * cursor names its list (`acc:`, `proj:`, `key:`) so one list's cursor is
 * refused by another. Each list reads one row past the page to know whether
 * another page follows.
 */

/** Every account, or only `accountId` when given. */
export async function listAccounts(db: DataSource, accountId: string | null, query: PageQuery): Promise<Page<AccountState>> {
  const after = afterCursor('acc', query);
  const rows = await db.getRepository(AccountEntity).find({
    where: { id: accountId === null ? MoreThan(after) : And(Equal(accountId), MoreThan(after)) },
    order: { id: 'ASC' },
    take: query.limit + 1,
  });
  return toPage('acc', rows, query, accountState);
}

export async function listProjects(db: DataSource, accountId: string, query: PageQuery): Promise<Page<ProjectState>> {
  const after = afterCursor('proj', query);
  const rows = await db.getRepository(ProjectEntity).find({ where: { accountId, id: MoreThan(after) }, order: { id: 'ASC' }, take: query.limit + 1 });
  return toPage('proj', rows, query, projectState);
}

/** Keys of an account (all scopes) or, with projectId, of one project; revoked ones included, with revokedAt. */
export async function listApiKeys(
  db: DataSource,
  filter: { accountId: string | null; projectId: string | null },
  query: PageQuery,
): Promise<Page<ApiKeyState>> {
  const after = afterCursor('key', query);
  const rows = await db.getRepository(ApiKeyEntity).find({
    where: {
      ...(filter.accountId === null ? {} : { accountId: filter.accountId }),
      ...(filter.projectId === null ? {} : { projectId: filter.projectId }),
      id: MoreThan(after),
    },
    order: { id: 'ASC' },
    take: query.limit + 1,
  });
  return toPage('key', rows, query, apiKeyState);
}

function afterCursor(list: string, query: PageQuery): string {
  return query.cursor === undefined ? '' : decodeCursor(list, query.cursor);
}

function toPage<Row extends { id: string }, T>(list: string, rows: Row[], query: PageQuery, state: (row: Row) => T): Page<T> {
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { data: page.map(state), nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(list, last.id) : null };
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

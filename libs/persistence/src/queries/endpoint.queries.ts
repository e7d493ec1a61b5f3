import type { DataSource } from 'typeorm';
import type { EndpointState } from '@hookline/domain';
import { endpointStateFromRow, type EndpointRow } from '../rows/endpoint-rows';
import { decodeCursor, encodeCursor } from './tenant-list.queries';

export async function findEndpoint(db: DataSource, endpointId: string): Promise<EndpointState | undefined> {
  const rows: EndpointRow[] = await db.query(`SELECT * FROM endpoints WHERE id = $1`, [endpointId]);
  return rows[0] === undefined ? undefined : endpointStateFromRow(rows[0]);
}

export interface EndpointListQuery {
  /** Only endpoints of this account (its partner endpoints and its projects' endpoints). */
  readonly accountId?: string;
  /** Only direct endpoints of this project. */
  readonly projectId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface EndpointPage {
  readonly data: EndpointState[];
  readonly nextCursor: string | null;
}

/**
 * Keyset pagination by id (ids sort by creation time): the cursor is the last
 * id of the previous page, so inserts and deletes between pages cause neither
 * duplicates nor gaps among the endpoints that stay.
 */
export async function listEndpoints(db: DataSource, query: EndpointListQuery): Promise<EndpointPage> {
  const after = query.cursor === undefined ? '' : decodeCursor('ep', query.cursor);
  const rows: EndpointRow[] = await db.query(
    `SELECT * FROM endpoints
      WHERE id > $1 AND ($2::text IS NULL OR account_id = $2) AND ($3::text IS NULL OR project_id = $3)
      ORDER BY id LIMIT $4`,
    [after, query.accountId ?? null, query.projectId ?? null, query.limit + 1],
  );
  const page = rows.slice(0, query.limit).map(endpointStateFromRow);
  const last = page[page.length - 1];
  return { data: page, nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor('ep', last.endpointId) : null };
}

import type { DataSource } from 'typeorm';
import type { EndpointState } from '@hookline/domain';
import { endpointStateFromRow, type EndpointRow } from './endpoint-rows';

export async function findEndpoint(db: DataSource, endpointId: string): Promise<EndpointState | undefined> {
  const rows: EndpointRow[] = await db.query(`SELECT * FROM endpoints WHERE id = $1`, [endpointId]);
  return rows[0] === undefined ? undefined : endpointStateFromRow(rows[0]);
}

import type { DataSource } from 'typeorm';
import { DELIVERY_STATUS_RANK, mergeDeliveryStatus, type DeliveryProgress, type DeliveryStatus } from '@hookline/domain';
import { createScratchDatabase } from '@hookline/testing';
import { createDataSource } from '../data-source';
import { DELIVERY_STATUS_UPSERT } from './delivery-status.sql';

const STATUSES = Object.keys(DELIVERY_STATUS_RANK) as DeliveryStatus[];
const SEEN_DUE = '2026-12-06T01:00:00.000Z';
const NEXT_DUE = '2026-12-06T02:00:00.000Z';

interface Case {
  readonly k: number;
  readonly seen: DeliveryProgress;
  readonly next: DeliveryProgress;
}

/** Every pair of statuses, with the incoming attempt below, equal to and above the stored one. */
const cases: Case[] = STATUSES.flatMap((seenStatus) =>
  STATUSES.flatMap((nextStatus) => [1, 2, 3].map((nextAttempts) => ({ seenStatus, nextStatus, nextAttempts }))),
).map(({ seenStatus, nextStatus, nextAttempts }, k) => ({
  k,
  seen: { status: seenStatus, attempts: 2, nextAttemptAt: SEEN_DUE },
  next: { status: nextStatus, attempts: nextAttempts, nextAttemptAt: NEXT_DUE },
}));

/** Stores every case's `seen` row, upserts its `next` row with the projection's ON CONFLICT merge, and answers the merged rows. */
async function mergeInPostgres(db: DataSource): Promise<Map<number, { status: string; nextAttemptAt: string | null }>> {
  const merged: Array<{ k: string; status: string; next_attempt_at: Date | null }> = await db.transaction(async (tx) => {
    // message_deliveries' own columns, constraints and key, in a table of our own: the probe needs no messages.
    await tx.query(`CREATE TEMP TABLE status_probe (LIKE message_deliveries INCLUDING ALL) ON COMMIT DROP`);
    const values = (side: 'seen' | 'next') => [
      cases.map((c) => String(c.k)),
      cases.map((c) => c[side].status),
      cases.map((c) => c[side].attempts),
      cases.map((c) => c[side].nextAttemptAt),
    ];
    const rows = `SELECT k, 'ep_probe', status, attempts, due FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[]) AS t(k, status, attempts, due)`;
    const columns = '(message_id, endpoint_id, status, attempts, next_attempt_at)';
    await tx.query(`INSERT INTO status_probe ${columns} ${rows}`, values('seen'));
    return tx.query(
      `INSERT INTO status_probe AS d ${columns} ${rows}
       ON CONFLICT (message_id, endpoint_id) DO UPDATE SET ${DELIVERY_STATUS_UPSERT}
       RETURNING message_id AS k, status, next_attempt_at`,
      values('next'),
    );
  });
  return new Map(merged.map((row) => [Number(row.k), { status: row.status, nextAttemptAt: row.next_attempt_at?.toISOString() ?? null }]));
}

describe('the delivery-status merge: the SQL generated from the rank table is mergeDeliveryStatus', () => {
  it(`agrees on all ${cases.length} cases through a real ON CONFLICT upsert`, async () => {
    const scratch = await createScratchDatabase({ label: 'status_merge' });
    const db = createDataSource({ databaseUrl: scratch.url, poolSize: 1 });
    try {
      await db.initialize();
      const bySql = await mergeInPostgres(db);
      expect(bySql.size).toBe(cases.length);
      for (const c of cases) {
        expect({ case: c, merged: bySql.get(c.k) }).toEqual({ case: c, merged: mergeDeliveryStatus(c.seen, c.next) });
      }
    } finally {
      if (db.isInitialized) await db.destroy();
      await scratch.drop();
    }
  }, 60_000);
});

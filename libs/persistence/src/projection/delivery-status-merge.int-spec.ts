import type { DataSource } from 'typeorm';
import { DELIVERY_STATUS_RANK, mergeDeliveryStatus, type DeliveryProgress, type DeliveryStatus } from '@hookline/domain';
import { createScratchDatabase, type ScratchDatabase } from '@hookline/testing';
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
  STATUSES.flatMap((nextStatus) =>
    [1, 2, 3].map((nextAttempts) => ({ seenStatus, nextStatus, nextAttempts })),
  ),
).map(({ seenStatus, nextStatus, nextAttempts }, k) => ({
  k,
  seen: { status: seenStatus, attempts: 2, nextAttemptAt: SEEN_DUE },
  next: { status: nextStatus, attempts: nextAttempts, nextAttemptAt: NEXT_DUE },
}));

describe('the delivery-status merge: the SQL generated from the rank table is mergeDeliveryStatus', () => {
  let scratch: ScratchDatabase;
  let db: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    db = createDataSource({ databaseUrl: scratch.url, poolSize: 1 });
    await db.initialize();
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  it(`agrees on all ${cases.length} cases through a real ON CONFLICT upsert`, async () => {
    const merged: Array<{ k: number; status: string; next_attempt_at: Date | null }> = await db.transaction(async (tx) => {
      // The columns message_deliveries merges on, in a table of our own: the probe needs no messages or endpoints.
      await tx.query(
        `CREATE TEMP TABLE status_probe (k int PRIMARY KEY, status text NOT NULL, attempts int NOT NULL, next_attempt_at timestamptz) ON COMMIT DROP`,
      );
      const insert = (side: 'seen' | 'next') => [
        cases.map((c) => c.k),
        cases.map((c) => c[side].status),
        cases.map((c) => c[side].attempts),
        cases.map((c) => c[side].nextAttemptAt),
      ];
      const rows = `SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::timestamptz[])`;
      await tx.query(`INSERT INTO status_probe (k, status, attempts, next_attempt_at) ${rows}`, insert('seen'));
      return tx.query(
        `INSERT INTO status_probe AS d (k, status, attempts, next_attempt_at) ${rows}
         ON CONFLICT (k) DO UPDATE SET ${DELIVERY_STATUS_UPSERT}
         RETURNING k, status, next_attempt_at`,
        insert('next'),
      );
    });
    const bySql = new Map(merged.map((row) => [row.k, { status: row.status, nextAttemptAt: row.next_attempt_at?.toISOString() ?? null }]));
    expect(bySql.size).toBe(cases.length);
    for (const c of cases) {
      expect({ case: c, merged: bySql.get(c.k) }).toEqual({ case: c, merged: mergeDeliveryStatus(c.seen, c.next) });
    }
  });
});

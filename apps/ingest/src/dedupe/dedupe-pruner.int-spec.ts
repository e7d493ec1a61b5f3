import type { DataSource } from 'typeorm';
import { loadConfig } from '@hookline/config';
import { createDataSource } from '@hookline/persistence';
import { claimMessageIds, type DedupeClaim } from '@hookline/persistence/dedupe';
import { createScratchDatabase, type ScratchDatabase } from '@hookline/testing';
import { ingestConfigSpec } from '../ingest.config';
import { DedupePruner } from './dedupe-pruner';

const HOUR = 3_600_000;

/** Ingest's dedupe pruner against Postgres (a scratch database of its own). */
describe('DedupePruner (Postgres)', () => {
  let scratch: ScratchDatabase;
  let db: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    db = await createDataSource({ databaseUrl: scratch.url, poolSize: 2, applicationName: 'dedupe-pruner-int' }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  it('clears an expired backlog larger than one delete batch in one round, and keeps claims inside the window', async () => {
    // Would catch a round of a single bounded batch (5,000): with more new message ids than that per minute
    // (~83/s) the table outgrows the window for good and every claim gets slower.
    const config = loadConfig(ingestConfigSpec, { ...process.env, DATABASE_URL: scratch.url, HOOKLINE_DEDUPE_WINDOW: '24h' });
    const now = new Date('2026-03-02T12:00:00.000Z');
    const claim = (messageId: string, offset: number): DedupeClaim => ({ messageId, topic: 'hookline.events', partition: 0, offset: String(offset) });
    const expired = Array.from({ length: 12_000 }, (_, i) => claim(`msg_expired_${i}`, i));
    const current = Array.from({ length: 10 }, (_, i) => claim(`msg_current_${i}`, 20_000 + i));
    await claimMessageIds(db, expired, config.dedupeWindowMs, new Date(now.getTime() - 25 * HOUR));
    await claimMessageIds(db, current, config.dedupeWindowMs, new Date(now.getTime() - 23 * HOUR));

    expect(await new DedupePruner(config, db).pruneExpired(now)).toBe(12_000);
    const left: Array<{ message_id: string }> = await db.query(`SELECT message_id FROM ingest_dedupe ORDER BY 1`);
    expect(left.map((r) => r.message_id)).toEqual(current.map((c) => c.messageId).sort());
  });
});

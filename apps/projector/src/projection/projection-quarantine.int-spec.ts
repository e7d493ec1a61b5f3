import type { ConsumedRecord } from '@hookline/kafka';
import type { DataSource } from 'typeorm';
import { createDataSource, readCheckpoints } from '@hookline/persistence';
import { pruneHistoryBatch } from '@hookline/persistence/projection';
import { createScratchDatabase, messageAccepted, type ScratchDatabase } from '@hookline/testing';
import { projectBatch, type ProjectedTopics } from './projection-batch';

const topics: ProjectedTopics = { registry: 'q.registry', deliveryLog: 'q.delivery-log' };

const accepted = (messageId: string, data?: Record<string, unknown>) => messageAccepted(messageId, data, new Date('2026-12-01T10:00:00.000Z'));

const records = (values: Array<string | null>, firstOffset = 0): ConsumedRecord[] =>
  values.map((value, i) => ({
    key: null,
    value: value === null ? null : Buffer.from(value, 'utf8'),
    timestamp: String(1_764_000_000_000 + i),
    offset: String(firstOffset + i),
    headers: {},
  }));

/**
 * Finding 3 of issue 10: facts written before ingest refused NUL characters and
 * lone surrogates made the batch's insert fail and the projector retry it
 * forever. Now the refused fact is quarantined with the checkpoint and the rest
 * of the batch is projected, against the real Postgres.
 */
describe('projectBatch quarantines what Postgres refuses (integration)', () => {
  let database: ScratchDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createScratchDatabase();
    db = await createDataSource({ databaseUrl: database.url, poolSize: 2 }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const log = records([
    JSON.stringify(accepted('m1')),
    JSON.stringify(accepted('a\u0000b')), // NUL in a text column: 22021
    JSON.stringify(accepted('m2')),
    JSON.stringify(accepted('m_nul_data', { text: 'x\u0000y' })), // \u0000 in jsonb: 22P05
    JSON.stringify(accepted('m_surrogate', { text: '\ud800' })), // lone surrogate in jsonb: 22P02
    '{"type":"MessageAccepted",', // cut short
    JSON.stringify(accepted('m3')),
    JSON.stringify({ type: 'SomethingNew', v: 9 }),
    null,
  ]);

  it('projects the good facts of the batch, quarantines each bad one, and moves the checkpoint past all of them', async () => {
    const result = await projectBatch(db, topics, topics.deliveryLog, 0, log, { fenced: true });

    expect(result.durableUpTo).toBe('8');
    expect(result.projected).toBe(3);
    expect(result.quarantined.map((q) => [q.offset, q.reason, q.sqlstate])).toEqual([
      ['1', 'refused_by_database', '22021'],
      ['3', 'refused_by_database', '22P05'],
      ['4', 'refused_by_database', '22P02'],
      ['5', 'undecodable', null],
      ['7', 'unknown_fact_type', null],
      ['8', 'undecodable', null],
    ]);
    const messages = await db.query(`SELECT id FROM messages ORDER BY id`);
    expect(messages.map((r: { id: string }) => r.id)).toEqual(['m1', 'm2', 'm3']);
    expect((await readCheckpoints(db.manager)).get(`${topics.deliveryLog}:0`)).toBe(9n);

    const rows = await db.query(
      `SELECT "offset", fact_type, reason, sqlstate, error, value_prefix, value_size, logged_at FROM projector_quarantine ORDER BY "offset"`,
    );
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ offset: '1', fact_type: 'MessageAccepted', reason: 'refused_by_database', sqlstate: '22021' });
    expect(rows[0].error).toContain('0x00');
    expect(Buffer.compare(rows[0].value_prefix, log[1]?.value ?? Buffer.alloc(0))).toBe(0);
    expect(rows[0].logged_at.getTime()).toBe(1_764_000_000_001);
    expect(rows[3]).toMatchObject({ offset: '5', fact_type: null, reason: 'undecodable', value_size: 26 });
    expect(rows[5]).toMatchObject({ offset: '8', reason: 'undecodable', value_prefix: null, value_size: 0 });
  });

  it('a replay of the same batch changes nothing and quarantines nothing twice', async () => {
    const again = await projectBatch(db, topics, topics.deliveryLog, 0, log, { fenced: true });
    expect(again.quarantined).toEqual([]);
    expect(again.projected).toBe(0);
    expect(Number((await db.query(`SELECT count(*) AS n FROM projector_quarantine`))[0].n)).toBe(6);
    expect(Number((await db.query(`SELECT count(*) AS n FROM messages`))[0].n)).toBe(3);
  });

  it('keeps a bounded copy of a huge refused value', async () => {
    const huge = JSON.stringify(accepted('big\u0000', { blob: 'z'.repeat(100_000) }));
    const result = await projectBatch(db, topics, topics.deliveryLog, 1, records([huge]), { fenced: true });
    expect(result.quarantined).toHaveLength(1);
    const [row] = await db.query(`SELECT length(value_prefix) AS kept, value_size FROM projector_quarantine WHERE partition = 1`);
    expect(row).toEqual({ kept: 4096, value_size: Buffer.byteLength(huge) });
  });

  it('does not quarantine when the environment fails: the batch throws, nothing moves, and a retry projects it', async () => {
    const batch = records([JSON.stringify(accepted('m_env_1')), JSON.stringify(accepted('m_env_2'))]);
    await db.query(`ALTER TABLE messages RENAME TO messages_away`);
    try {
      await expect(projectBatch(db, topics, topics.deliveryLog, 2, batch, { fenced: true })).rejects.toThrow(/messages/);
    } finally {
      await db.query(`ALTER TABLE messages_away RENAME TO messages`);
    }
    expect((await readCheckpoints(db.manager)).get(`${topics.deliveryLog}:2`) ?? 0n).toBe(0n);
    expect(Number((await db.query(`SELECT count(*) AS n FROM projector_quarantine WHERE partition = 2`))[0].n)).toBe(0);

    const retried = await projectBatch(db, topics, topics.deliveryLog, 2, batch, { fenced: true });
    expect(retried).toMatchObject({ projected: 2, quarantined: [] });
  });

  it('isolates refused registry facts too', async () => {
    const batch = records([JSON.stringify({ type: 'AccountCreated', v: 1, accountId: 'acc_q\u0000', name: 'Bad', at: '2026-12-01T10:00:00.000Z' }), '\u0000']);
    const result = await projectBatch(db, topics, topics.registry, 0, batch, { fenced: true });
    expect(result.quarantined.map((q) => [q.offset, q.factType, q.reason])).toEqual([
      ['0', 'AccountCreated', 'refused_by_database'],
      ['1', null, 'undecodable'],
    ]);
    expect((await readCheckpoints(db.manager)).get(`${topics.registry}:0`)).toBe(2n);
  });

  it('forgets quarantined records older than the history retention, as a rebuild from a log past its retention would', async () => {
    const old = records([JSON.stringify(accepted('old\u0000'))]).map((m) => ({ ...m, timestamp: String(Date.parse('2025-01-01T00:00:00Z')) }));
    await projectBatch(db, topics, topics.deliveryLog, 3, old, { fenced: true });
    const inPartition = async () => Number((await db.query(`SELECT count(*) AS n FROM projector_quarantine WHERE partition = 3`))[0].n);
    expect(await inPartition()).toBe(1);
    await pruneHistoryBatch(db.manager, new Date('2025-06-01T00:00:00Z'), 100);
    expect(await inPartition()).toBe(0);
    expect(Number((await db.query(`SELECT count(*) AS n FROM projector_quarantine`))[0].n)).toBeGreaterThan(0); // the recent ones stay
  });
});

import type { DataSource } from 'typeorm';
import type { ConsumedRecord } from '@hookline/kafka';
import { decodeJson, type DeliveryFact } from '@hookline/contracts';
import { closeProjectionFence, createDataSource, lockCheckpoint, saveCheckpoint } from '@hookline/persistence';
import { projectDeliveryFacts, pruneHistoryBatch } from '@hookline/persistence/projection';
import {
  createScratchDatabase,
  eventually,
  type ScratchDatabase,
  snapshotTables,
  storyOnKafka,
  type StoryOnKafka,
  type TableSnapshot,
  truncateProjectedTables,
  uniqueName,
} from '@hookline/testing';
import { projectBatch } from './projection-batch';

/**
 * The projector's checkpoint fence against real Postgres (a scratch database
 * of this file) with facts read from real Kafka: rows and checkpoint commit
 * together, a replayed batch changes nothing, and a projector that lost its
 * partition (or runs while a rebuild swaps tables) cannot write.
 */
describe('projectBatch checkpoint fence (Kafka + Postgres)', () => {
  let scratch: ScratchDatabase;
  let log: StoryOnKafka;
  let db: DataSource;
  let empty: TableSnapshot;
  const others: DataSource[] = [];

  const connect = (applicationName: string) => createDataSource({ databaseUrl: scratch.url, poolSize: 4, applicationName }).initialize();
  /** Another projector process: its own connections, named so the test can see what they wait for. */
  const otherProjector = async () => {
    const name = uniqueName('projector');
    const other = await connect(name);
    others.push(other);
    return { db: other, name };
  };
  const project = (on: DataSource, topic: 'registry' | 'deliveryLog', messages: readonly ConsumedRecord[]) =>
    projectBatch(on, log.topics, log.topics[topic], 0, messages, { fenced: true });
  const checkpoint = async (): Promise<string | null> => {
    const rows: Array<{ next_offset: string }> = await db.query(`SELECT next_offset FROM projector_checkpoints WHERE topic = $1 AND partition = 0`, [
      log.topics.deliveryLog,
    ]);
    return rows[0]?.next_offset ?? null;
  };
  /**
   * Until a statement of that projector waits on a lock (a row lock or the advisory fence): no timing
   * involved. Fails at once if its batch finishes instead, i.e. was not held back at all.
   */
  const untilBlocked = (applicationName: string, batch: Promise<unknown>) =>
    Promise.race([batch.then(() => Promise.reject(new Error(`${applicationName} finished its batch instead of waiting`))), untilWaiting(applicationName)]);
  const untilWaiting = (applicationName: string) =>
    eventually(
      async () =>
        (await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND wait_event_type = 'Lock'`,
          [applicationName],
        )) as Array<{ n: number }>,
      (rows) => (rows[0]?.n ?? 0) > 0,
      { timeoutMs: 20_000, what: `${applicationName} waiting on a lock` },
    );

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    log = await storyOnKafka();
    db = await connect('projection-batch-int-spec');
    empty = await snapshotTables(db);
  });

  beforeEach(async () => {
    await truncateProjectedTables(db);
  });

  afterAll(async () => {
    await Promise.all(others.map((o) => o.destroy()));
    await db?.destroy();
    await scratch?.drop();
  });

  it('commits the rows and the checkpoint together: when the checkpoint cannot be written, no row is', async () => {
    // Would catch projections or the checkpoint written outside the batch's transaction: a crash between the
    // two would either lose facts (checkpoint ahead of rows) or let a later replay re-project them.
    await db.query(`CREATE FUNCTION refuse_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'checkpoint refused by the test'; END $$`);
    await db.query(`CREATE TRIGGER refuse_checkpoint BEFORE UPDATE ON projector_checkpoints FOR EACH ROW EXECUTE FUNCTION refuse_checkpoint()`);
    try {
      await expect(project(db, 'deliveryLog', log.deliveryLog)).rejects.toThrow(/checkpoint refused by the test/);
      expect(await snapshotTables(db)).toEqual(empty);
    } finally {
      await db.query(`DROP TRIGGER refuse_checkpoint ON projector_checkpoints`);
      await db.query(`DROP FUNCTION refuse_checkpoint()`);
    }

    const last = log.deliveryLog[log.deliveryLog.length - 1] as ConsumedRecord;
    await expect(project(db, 'deliveryLog', log.deliveryLog)).resolves.toEqual({
      durableUpTo: last.offset,
      projected: log.deliveryLog.length,
      lastTimestamp: Number(last.timestamp),
      quarantined: [],
    });
    expect(await checkpoint()).toBe(String(log.deliveryLog.length));
    expect(await db.query(`SELECT count(*)::int AS n FROM messages`)).toEqual([{ n: 3 }]);
  });

  it('changes nothing when a batch is replayed after a restart, even rows that retention has deleted since', async () => {
    await project(db, 'registry', log.registry);
    await project(db, 'deliveryLog', log.deliveryLog);
    const projected = await snapshotTables(db);

    const restarted = (await otherProjector()).db;
    for (const [topic, messages] of [
      ['deliveryLog', log.deliveryLog],
      ['registry', log.registry],
      ['deliveryLog', log.deliveryLog.slice(5)],
    ] as const) {
      expect((await project(restarted, topic, messages)).projected).toBe(0);
    }
    expect(await snapshotTables(db)).toEqual(projected);

    // Retention deletes m1 (accepted at 10:00:00) with its deliveries and attempts. The log still has its
    // facts; a replay that ignored the checkpoint would bring them back (idempotent inserts alone do not help).
    await db.transaction((tx) => pruneHistoryBatch(tx, new Date('2026-03-01T10:00:05.000Z'), 100));
    const pruned = await snapshotTables(db);
    expect(pruned.messages).toHaveLength(2);
    expect((await project(restarted, 'deliveryLog', log.deliveryLog)).projected).toBe(0);
    expect(await snapshotTables(db)).toEqual(pruned);
  });

  it('lets a stale projector write nothing once the partition has moved on under it', async () => {
    // The reference: the whole log projected by one projector.
    await project(db, 'deliveryLog', log.deliveryLog);
    const reference = await snapshotTables(db);
    await truncateProjectedTables(db);

    // Both projectors saw offsets 0–4 committed; then the partition was reassigned.
    await project(db, 'deliveryLog', log.deliveryLog.slice(0, 5));
    const facts = log.deliveryLog.map((m) => decodeJson<DeliveryFact>(m.value, 'delivery fact'));

    // The new owner is inside its batch: it holds the checkpoint row and is projecting 5 to the end.
    const owner = db.createQueryRunner();
    await owner.connect();
    await owner.startTransaction();
    try {
      expect(await lockCheckpoint(owner.manager, log.topics.deliveryLog, 0)).toBe(5n);

      // The old owner still has 5–9 in hand and projects them now.
      const stale = await otherProjector();
      const staleBatch = project(stale.db, 'deliveryLog', log.deliveryLog.slice(5, 10));
      await untilBlocked(stale.name, staleBatch);
      expect(await checkpoint()).toBe('5');

      await projectDeliveryFacts(owner.manager, facts.slice(5));
      await saveCheckpoint(owner.manager, log.topics.deliveryLog, 0, BigInt(facts.length));
      await owner.commitTransaction();

      // Would catch a checkpoint read without the row lock: the stale projector would read 5, write its batch
      // and move the checkpoint back to 10, and offsets 10… would be projected again by whoever comes next.
      expect((await staleBatch).projected).toBe(0);
    } finally {
      if (owner.isTransactionActive) await owner.rollbackTransaction();
      await owner.release();
    }
    expect(await checkpoint()).toBe(String(facts.length));
    expect(await snapshotTables(db)).toEqual(reference);
  });

  it('holds a live batch back while a rebuild holds the projection fence, then projects it', async () => {
    // Would catch the live path skipping the fence: a batch could land half in the tables a rebuild is
    // swapping out and half in the new ones.
    const rebuild = db.createQueryRunner();
    await rebuild.connect();
    await rebuild.startTransaction();
    try {
      await closeProjectionFence(rebuild.manager);
      const live = await otherProjector();
      const liveBatch = project(live.db, 'deliveryLog', log.deliveryLog);
      await untilBlocked(live.name, liveBatch);
      expect(await checkpoint()).toBeNull();
      expect(await db.query(`SELECT count(*)::int AS n FROM messages`)).toEqual([{ n: 0 }]);

      await rebuild.commitTransaction();
      expect((await liveBatch).projected).toBe(log.deliveryLog.length);
    } finally {
      if (rebuild.isTransactionActive) await rebuild.rollbackTransaction();
      await rebuild.release();
    }
    expect(await checkpoint()).toBe(String(log.deliveryLog.length));
  });
});

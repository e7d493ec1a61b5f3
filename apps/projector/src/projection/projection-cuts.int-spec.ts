import type { DataSource } from 'typeorm';
import type { ConsumedRecord } from '@hookline/kafka';
import { decodeJson, type DeliveryFact } from '@hookline/contracts';
import { createDataSource } from '@hookline/persistence';
import {
  createScratchDatabase,
  type ScratchDatabase,
  snapshotTables,
  storyOnKafka,
  type StoryOnKafka,
  type TableSnapshot,
  truncateProjectedTables,
} from '@hookline/testing';
import { projectBatch } from './projection-batch';

/**
 * The history projection (libs/persistence/src/projection: attempt.projection.ts and
 * history.projection.ts) must not depend on how the log is cut into batches:
 * the live projector, a restarted one and a rebuild all cut it differently,
 * and a rebuilt database must equal the live one. A fixed story (see
 * libs/testing/src/delivery-story.ts) is projected through the projector's real
 * batch path (checkpoint and all) in one batch, then with every cut into two
 * batches and a few into three, with the endpoint's deletion on `registry`
 * projected in between and the process "restarted" (new connections) between
 * batches; every table must come out equal, row for row.
 *
 * It would catch: an in-batch fold that disagrees with the ON CONFLICT merge
 * (status, attempts, last error, health), stats counting a repeated attempt,
 * facts of a deleted endpoint surviving one order of projection, or a batch
 * that starts below its checkpoint projecting the overlap again.
 */
describe('delivery history cut into batches (Kafka + Postgres)', () => {
  let scratch: ScratchDatabase;
  let log: StoryOnKafka;
  let db: DataSource;
  let reference: TableSnapshot;

  const connect = () => createDataSource({ databaseUrl: scratch.url, poolSize: 2, applicationName: 'projection-cuts' }).initialize();
  const restart = async () => {
    await db.destroy();
    db = await connect();
  };

  interface Batch {
    readonly topic: 'registry' | 'deliveryLog';
    readonly from: number;
    readonly to?: number;
  }

  /** Projects the batches in order from empty tables and returns every table's rows. */
  async function project(batches: readonly Batch[], { restarts }: { restarts: boolean }): Promise<TableSnapshot> {
    await truncateProjectedTables(db);
    for (const [i, batch] of batches.entries()) {
      if (restarts && i > 0) await restart();
      const messages = log[batch.topic].slice(batch.from, batch.to);
      await projectBatch(db, log.topics, log.topics[batch.topic], 0, messages, { fenced: true });
    }
    return snapshotTables(db);
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    log = await storyOnKafka();
    db = await connect();
    reference = await project(
      [
        { topic: 'deliveryLog', from: 0 },
        { topic: 'registry', from: 0 },
      ],
      { restarts: false },
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  it('projects the story in one batch to the history it tells (the reference the cuts are compared with)', async () => {
    // Checked by hand, so that a reference wrong in the same way as every cut cannot pass.
    await project(
      [
        { topic: 'deliveryLog', from: 0 },
        { topic: 'registry', from: 0 },
      ],
      { restarts: false },
    );
    const { a, b, c } = log.story.endpoints;
    const { m1, m2, m3 } = log.story.messages;
    expect(await db.query(`SELECT id, accepted_at FROM messages ORDER BY id`)).toEqual([
      { id: m1, accepted_at: new Date('2026-03-01T10:00:00.000Z') }, // the first acceptance, not the replayed one
      { id: m2, accepted_at: new Date('2026-03-01T10:00:12.000Z') },
      { id: m3, accepted_at: new Date('2026-03-01T10:00:20.000Z') },
    ]);
    expect(await db.query(`SELECT message_id, endpoint_id, status, attempts FROM message_deliveries ORDER BY 1, 2`)).toEqual([
      { message_id: m1, endpoint_id: a, status: 'succeeded', attempts: 2 },
      { message_id: m1, endpoint_id: b, status: 'exhausted', attempts: 3 },
      { message_id: m2, endpoint_id: a, status: 'succeeded', attempts: 1 },
      { message_id: m2, endpoint_id: b, status: 'succeeded', attempts: 2 },
      { message_id: m3, endpoint_id: a, status: 'succeeded', attempts: 1 },
    ]);
    expect(await db.query(`SELECT endpoint_id, total::int, succeeded::int, failed::int, last_error FROM endpoint_stats ORDER BY 1`)).toEqual([
      { endpoint_id: a, total: 4, succeeded: 3, failed: 1, last_error: 'HTTP 500 at 1' },
      { endpoint_id: b, total: 5, succeeded: 1, failed: 4, last_error: 'HTTP 500 at 44' },
    ]);
    // The repeated attempt 1 of m1 on A (at second 3) did not replace the first (second 1, 11 ms).
    expect(await db.query(`SELECT duration_ms FROM attempts WHERE message_id = $1 AND endpoint_id = $2 AND attempt = 1`, [m1, a])).toEqual([
      { duration_ms: 11 },
    ]);
    expect(await db.query(`SELECT endpoint_id, health FROM endpoint_health`)).toEqual([{ endpoint_id: b, health: 'healthy' }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM attempts WHERE endpoint_id = $1`, [c])).toEqual([{ n: 0 }]);
    expect(await snapshotTables(db)).toEqual(reference);
  });

  it('equals the reference with the registry projected first', async () => {
    const rows = await project(
      [
        { topic: 'registry', from: 0 },
        { topic: 'deliveryLog', from: 0 },
      ],
      { restarts: false },
    );
    expect(rows).toEqual(reference);
  });

  it('equals the reference for every cut into two batches, the deletion between them, a restart around it and the second batch replaying the end of the first', async () => {
    const n = log.deliveryLog.length;
    for (let cut = 1; cut < n; cut += 1) {
      // A crash after the checkpoint but before the Kafka offset commit re-reads up to 3 records already projected.
      const rows = await project(
        [
          { topic: 'deliveryLog', from: 0, to: cut },
          { topic: 'registry', from: 0 },
          { topic: 'deliveryLog', from: Math.max(0, cut - 3) },
        ],
        { restarts: true },
      );
      expect({ cut, rows }).toEqual({ cut, rows: reference });
    }
  });

  it('equals the reference for every cut into two batches with the deletion projected before both', async () => {
    const n = log.deliveryLog.length;
    for (let cut = 1; cut < n; cut += 1) {
      const rows = await project(
        [
          { topic: 'registry', from: 0 },
          { topic: 'deliveryLog', from: 0, to: cut },
          { topic: 'deliveryLog', from: cut },
        ],
        { restarts: false },
      );
      expect({ cut, rows }).toEqual({ cut, rows: reference });
    }
  });

  it('equals the reference when MessageAccepted facts come from another partition, projected at every point of the attempt facts', async () => {
    // On the real topic MessageAccepted is keyed by project and attempt facts by endpoint: two partitions,
    // projected in any interleaving. Here the story's accepted facts play a partition 1 of their own.
    const isAccepted = (m: ConsumedRecord) => decodeJson<DeliveryFact>(m.value, 'delivery fact').type === 'MessageAccepted';
    const accepted = log.deliveryLog.filter(isAccepted);
    const attempts = log.deliveryLog.filter((m) => !isAccepted(m));
    const withoutCheckpoints = ({ projector_checkpoints: _, ...rows }: TableSnapshot) => rows;
    for (let cut = 0; cut <= attempts.length; cut += 1) {
      await truncateProjectedTables(db);
      await projectBatch(db, log.topics, log.topics.deliveryLog, 0, attempts.slice(0, cut), { fenced: true });
      await projectBatch(db, log.topics, log.topics.registry, 0, log.registry, { fenced: true });
      await projectBatch(db, log.topics, log.topics.deliveryLog, 1, accepted, { fenced: true });
      await projectBatch(db, log.topics, log.topics.deliveryLog, 0, attempts.slice(cut), { fenced: true });
      expect({ cut, rows: withoutCheckpoints(await snapshotTables(db)) }).toEqual({ cut, rows: withoutCheckpoints(reference) });
    }
  });

  it('equals the reference for cuts into three batches, with restarts between them', async () => {
    const n = log.deliveryLog.length;
    const cuts: Array<[number, number]> = [
      [1, 2],
      [3, 9],
      [4, 5],
      [5, 12],
      [11, 14],
      [12, 13],
      [7, n - 1],
    ];
    for (const [first, second] of cuts) {
      const rows = await project(
        [
          { topic: 'deliveryLog', from: 0, to: first },
          { topic: 'deliveryLog', from: first, to: second },
          { topic: 'registry', from: 0 },
          { topic: 'deliveryLog', from: second },
        ],
        { restarts: true },
      );
      expect({ cuts: [first, second], rows }).toEqual({ cuts: [first, second], rows: reference });
    }
  });
});

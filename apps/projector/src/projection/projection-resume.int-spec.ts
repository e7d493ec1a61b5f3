import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { encodeJson, topicNames } from '@hookline/contracts';
import { createKafka, KafkaAdmin, KafkaBatchTransport, KafkaSubscriptions, OrderedRecordWriter } from '@hookline/kafka';
import { createDataSource } from '@hookline/persistence';
import { Readiness } from '@hookline/telemetry';
import { Client } from 'pg';
import { createScratchDatabase, eventually, messageAccepted, type ScratchDatabase, snapshotTables, type TableSnapshot, uniqueName } from '@hookline/testing';
import { PROJECTOR_CONFIG, type ProjectorConfig } from '../projector.config';
import { ProjectionConsumer } from './projection.consumer';

/**
 * The projector resumes from its own checkpoint, not from Kafka's committed
 * offset: after Postgres is restored from a backup older than the committed
 * offset, the facts in between are projected again, exactly once; a normal
 * restart changes nothing. The restore is real: the backup is a copy of the
 * database (CREATE DATABASE … TEMPLATE) taken part-way, and the restarted
 * projector runs against it.
 */
describe('projector resumes from its checkpoint (Kafka + Postgres)', () => {
  let live: ScratchDatabase;
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'projection-resume-int-spec', quiet: true });
  const writer = new OrderedRecordWriter({ kafka, shards: 1 });
  const prefix = `${uniqueName('resume')}.`;
  const topics = topicNames(prefix);
  const backupName = `${uniqueName('backup').replace('-', '_')}`;
  const opened: DataSource[] = [];

  const config = (databaseUrl: string): ProjectorConfig => ({
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    topicPrefix: prefix,
    databaseUrl,
    host: '127.0.0.1',
    port: 0,
    historyRetentionMs: 30 * 86_400_000,
    pruneIntervalMs: 300_000,
    pruneBatchSize: 1000,
    lagPollIntervalMs: 60_000,
    historyFetchWaitMs: 100,
  });

  async function connect(url: string): Promise<DataSource> {
    const db = await createDataSource({ databaseUrl: url, poolSize: 4, applicationName: 'projection-resume-int-spec' }).initialize();
    opened.push(db);
    return db;
  }

  /**
   * Runs a projector (the real consumer on the Kafka transport, as main.ts boots it) against `db` until its
   * delivery-log checkpoint reaches `nextOffset`, then stops it like SIGTERM would.
   */
  async function projectUntil(db: DataSource, url: string, nextOffset: number): Promise<void> {
    const subscriptions = new KafkaSubscriptions();
    @Module({
      controllers: [ProjectionConsumer],
      providers: [
        { provide: PROJECTOR_CONFIG, useValue: config(url) },
        { provide: DataSource, useValue: db },
        { provide: Readiness, useValue: new Readiness() },
        { provide: KafkaSubscriptions, useValue: subscriptions },
      ],
    })
    class ProjectorUnderTest {}
    const projector = await NestFactory.createMicroservice(ProjectorUnderTest, { strategy: new KafkaBatchTransport({ kafka, subscriptions }), logger: false });
    await projector.init();
    await projector.listen();
    try {
      await eventually(
        () => checkpoint(db),
        (next) => next === String(nextOffset),
        { what: `checkpoint ${nextOffset} of ${url.split('/').pop()}`, timeoutMs: 40_000 },
      );
    } finally {
      await projector.close();
    }
  }

  async function checkpoint(db: DataSource): Promise<string | null> {
    const rows: Array<{ next_offset: string }> = await db.query(`SELECT next_offset FROM projector_checkpoints WHERE topic = $1 AND partition = 0`, [
      topics.deliveryLog,
    ]);
    return rows[0]?.next_offset ?? null;
  }

  async function messageIds(db: DataSource): Promise<string[]> {
    const rows: Array<{ id: string }> = await db.query(`SELECT id FROM messages ORDER BY id`);
    return rows.map((r) => r.id);
  }

  async function publish(ids: string[]): Promise<void> {
    await writer.write(ids.map((id) => ({ topic: topics.deliveryLog, key: 'ep_poison', value: encodeJson(messageAccepted(id)) })));
  }

  async function onAdminDatabase(sql: string): Promise<void> {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  function urlOf(database: string): string {
    const url = new URL(live.url);
    url.pathname = `/${database}`;
    return url.toString();
  }

  beforeAll(async () => {
    live = await createScratchDatabase();
    const admin = new KafkaAdmin(kafka);
    await admin.ensureTopics([
      { topic: topics.registry, numPartitions: 1, retentionMs: 3_600_000 },
      { topic: topics.deliveryLog, numPartitions: 1, retentionMs: 3_600_000 },
    ]);
    await admin.disconnect();
    await writer.connect();
  });

  afterAll(async () => {
    await Promise.all(opened.map((db) => (db.isInitialized ? db.destroy() : undefined)));
    await onAdminDatabase(`DROP DATABASE IF EXISTS ${backupName} WITH (FORCE)`);
    await live?.drop();
    await writer.disconnect();
  });

  it('after a restore from an older backup, the facts after its checkpoint come back exactly once; a normal restart changes nothing', async () => {
    const early = ['msg_r1', 'msg_r2', 'msg_r3'];
    const later = ['msg_r4', 'msg_r5', 'msg_r6'];

    // The backup: taken when the projection stood at offset 3 (a copy needs no open connections to its template).
    let db = await connect(live.url);
    await publish(early);
    await projectUntil(db, live.url, 3);
    await db.destroy();
    await onAdminDatabase(`CREATE DATABASE ${backupName} TEMPLATE ${new URL(live.url).pathname.slice(1)}`);

    // Life goes on: three more facts projected and committed in Kafka (the group's offset is now 6).
    db = await connect(live.url);
    await publish(later);
    await projectUntil(db, live.url, 6);
    const liveTables: TableSnapshot = await snapshotTables(db);
    expect(await messageIds(db)).toEqual([...early, ...later]);

    // Postgres is restored from the backup: checkpoint 3, the rows of the first three facts only.
    const restored = await connect(urlOf(backupName));
    expect(await checkpoint(restored)).toBe('3');
    expect(await messageIds(restored)).toEqual(early);
    await projectUntil(restored, urlOf(backupName), 6);
    expect(await snapshotTables(restored)).toEqual(liveTables);

    // A normal restart: nothing is projected twice; a new fact still arrives once.
    await publish(['msg_r7']);
    await projectUntil(restored, urlOf(backupName), 7);
    expect(await messageIds(restored)).toEqual([...early, ...later, 'msg_r7']);
    // The live database, which never lost anything, projects the same new fact (from its own checkpoint, 6,
    // although the group's offset is 7 by now) and ends equal to the restored one, row for row.
    await projectUntil(db, live.url, 7);
    expect(await snapshotTables(restored)).toEqual(await snapshotTables(db));
  }, 240_000);
});

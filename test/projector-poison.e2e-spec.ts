import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { topicNames } from '@hookline/contracts';
import { provisionTopics } from '@hookline/kafka';
import type { ReadinessReport } from '@hookline/telemetry';
import { createScratchDatabase, eventually, messageAccepted, projectorCommand, type RunningEngine, type ScratchDatabase, startEngine } from '@hookline/testing';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

const accepted = (messageId: string, data?: Record<string, unknown>) => messageAccepted(messageId, data);

/** Raw values straight onto a topic, as facts written before ingest refused such input would be; one partition (key). */
async function produceRaw(topic: string, values: string[]): Promise<void> {
  const producer = new Kafka({ clientId: 'poison-producer', brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: 'proj_poison', value })) });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Issue 10, finding 3 and the readiness rule, with the compiled projector as a
 * process: facts Postgres refuses are quarantined and the partition moves on
 * (before: the projector retried the batch forever); a rebuild reproduces the
 * quarantine; a projector whose database fails it is not ready and exits
 * non-zero, and a restarted one resumes without losing a fact.
 */
describe('projector: poison facts and stalls', () => {
  let database: ScratchDatabase;
  let sql: Client;
  let engine: RunningEngine | undefined;
  const prefix = `pq${randomBytes(4).toString('hex')}.`;
  const topics = topicNames(prefix);
  const env = () => ({ HOOKLINE_TOPIC_PREFIX: prefix, DATABASE_URL: database.url });
  const count = async (query: string, params: unknown[] = []) => Number((await sql.query(query, params)).rows[0].n);
  const projectedOffsets = () =>
    count(`SELECT coalesce(sum(next_offset), 0) AS n FROM projector_checkpoints WHERE topic = ANY($1)`, [[topics.registry, topics.deliveryLog]]);

  beforeAll(async () => {
    database = await createScratchDatabase();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    await provisionTopics({ brokers, prefix, partitions: 3, registryPartitions: 2, retryDelays: [] });
  }, 120_000);

  afterAll(async () => {
    await engine?.stop();
    await sql?.end();
    await database?.drop();
  }, 60_000);

  it('quarantines what Postgres refuses, projects the rest, counts it, and rebuild and check reproduce it', async () => {
    await produceRaw(topics.deliveryLog, [
      JSON.stringify(accepted('m1')),
      JSON.stringify(accepted('a\u0000b')),
      JSON.stringify(accepted('m2')),
      JSON.stringify(accepted('m_nul', { text: '\u0000' })),
      JSON.stringify(accepted('m_surrogate', { text: '\ud800' })),
      '{"type":"MessageAccepted"',
      JSON.stringify(accepted('m3')),
    ]);
    await produceRaw(topics.registry, [
      JSON.stringify({ type: 'AccountCreated', v: 1, accountId: 'acc_\u0000', name: 'bad', at: new Date().toISOString() }),
      JSON.stringify({ type: 'AccountCreated', v: 1, accountId: 'acc_good', name: 'good', at: new Date().toISOString() }),
    ]);
    engine = await startEngine(env(), ['projector']);
    await eventually(projectedOffsets, (n) => n === 9, { what: 'every record behind the checkpoints', timeoutMs: 60_000 });

    expect((await sql.query(`SELECT id FROM messages ORDER BY id`)).rows.map((r) => r.id)).toEqual(['m1', 'm2', 'm3']);
    expect((await sql.query(`SELECT id FROM accounts`)).rows.map((r) => r.id)).toEqual(['acc_good']);
    const quarantine = await sql.query(`SELECT topic, "offset", reason, sqlstate FROM projector_quarantine ORDER BY topic, "offset"`);
    expect(quarantine.rows).toEqual([
      { topic: topics.deliveryLog, offset: '1', reason: 'refused_by_database', sqlstate: '22021' },
      { topic: topics.deliveryLog, offset: '3', reason: 'refused_by_database', sqlstate: '22P05' },
      { topic: topics.deliveryLog, offset: '4', reason: 'refused_by_database', sqlstate: '22P02' },
      { topic: topics.deliveryLog, offset: '5', reason: 'undecodable', sqlstate: null },
      { topic: topics.registry, offset: '0', reason: 'refused_by_database', sqlstate: '22021' },
    ]);

    const port = engine.apps.get('projector')?.port;
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const quarantinedLines = metrics.split('\n').filter((line) => line.startsWith('hookline_projector_quarantined_total'));
    expect(quarantinedLines.map((line) => Number(line.split(' ').pop())).reduce((a, b) => a + b, 0)).toBe(5);
    expect(quarantinedLines.some((line) => line.includes(`topic="${topics.deliveryLog}"`) && line.includes('reason="refused_by_database"'))).toBe(true);

    const check = await projectorCommand('check', env());
    expect(check.output).toContain('no differences');
    expect(check.code).toBe(0);
    const rebuilt = await projectorCommand('rebuild', env());
    expect(rebuilt.code).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM projector_quarantine`)).toBe(5);
    expect((await projectorCommand('check', env())).code).toBe(0);
  }, 240_000);

  it('a projector its database keeps failing is not ready, exits non-zero, and a restarted one resumes from the same offset', async () => {
    if (engine === undefined) throw new Error('the first test starts the projector');
    const before = await projectedOffsets();
    const projector = engine.apps.get('projector');
    if (projector === undefined) throw new Error('no projector');
    let output = '';
    projector.child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    projector.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // Not about any fact (42P01, undefined table): retried, never quarantined, until the projector gives up.
    await sql.query(`ALTER TABLE messages RENAME TO messages_away`);
    await produceRaw(topics.deliveryLog, [JSON.stringify(accepted('m4')), JSON.stringify(accepted('m5'))]);
    const readyz = await eventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${projector.port}/readyz`).catch(() => null);
        return response === null ? { status: 0, body: null } : { status: response.status, body: (await response.json()) as ReadinessReport };
      },
      (r) => r.status !== 200,
      { what: 'readyz failing', timeoutMs: 60_000, intervalMs: 50 },
    );
    const exit = await projector.exited;
    expect(exit).toBe('exited with code 1');
    if (readyz.status !== 0) {
      // Polled while it drained (it may already be gone): 503, naming where it is stuck.
      expect(readyz.status).toBe(503);
      expect(readyz.body?.failed?.['consumer-stalled']).toMatchObject({ cause: 'handler_failing', topic: topics.deliveryLog, offset: '7' });
    }
    const stallLine = output.split('\n').find((line) => line.includes('"consumer stalled; exiting to be restarted"'));
    expect(stallLine).toBeDefined();
    expect(JSON.parse(stallLine ?? '{}')).toMatchObject({
      groupId: `${prefix}projector`,
      cause: 'handler_failing',
      topic: topics.deliveryLog,
      offset: '7',
      failures: 5,
    });
    expect(await count(`SELECT count(*) AS n FROM projector_quarantine`)).toBe(5);
    expect(await projectedOffsets()).toBe(before);

    await sql.query(`ALTER TABLE messages_away RENAME TO messages`);
    await engine.restart('projector');
    await eventually(projectedOffsets, (n) => n === before + 2, { what: 'the two new facts projected', timeoutMs: 60_000 });
    expect((await sql.query(`SELECT id FROM messages ORDER BY id`)).rows.map((r) => r.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(await count(`SELECT count(*) AS n FROM projector_quarantine`)).toBe(5);
  }, 180_000);
});

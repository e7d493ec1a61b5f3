import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import type { AttemptFailed, DeliveryFact, DeliveryJob } from '@hookline/contracts';
import {
  createTenant,
  eventually,
  jsonValues,
  produceEvents,
  readTopic,
  RegistryClient,
  type RunningEngine,
  startEngine,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@hookline/testing';

const EVENTS = 3_000;
const PER_TICK = 15; // 15 every 100 ms: 150 events/s
const TICK_MS = 100;
const RETRY_DELAYS = [1000, 2000, 4000]; // global setup's HOOKLINE_RETRY_SCHEDULE: the tiers startEngine provisions
/** The dispatcher's default HOOKLINE_ENDPOINT_CONCURRENCY: how many POSTs to one endpoint can be open at a kill. */
const CONCURRENCY = 10;
/** A lane also has at most this many answered attempts whose fact is still being written: sent, not yet recorded. */
const UNRECORDED_PER_ENDPOINT = 2 * CONCURRENCY;

/** Offsets [from, to) of one partition that a killed dispatcher had fetched but not committed: read again after its restart. */
interface Uncommitted {
  readonly topic: string;
  readonly partition: number;
  readonly from: bigint;
  readonly to: bigint;
}

/** What the dispatcher group had not committed at the moment of a kill, over `deliveries` and every tier. */
async function uncommittedAt(admin: Admin, groupId: string, topics: readonly string[]): Promise<Uncommitted[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const windows: Uncommitted[] = [];
  for (const topic of topics) {
    const high = await admin.fetchTopicOffsets(topic);
    for (const { partition, offset } of high) {
      const done = committed.find((c) => c.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      windows.push({ topic, partition, from: BigInt(done) < 0n ? 0n : BigInt(done), to: BigInt(offset) });
    }
  }
  return windows;
}

async function highWatermarkSum(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}

describe('faults: a dispatcher killed twice and ingest once under steady load', () => {
  let engine: RunningEngine;
  let receiver: WebhookReceiver;
  let admin: Admin;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine();
    receiver = await startWebhookReceiver(() => ({ status: 204 }));
    admin = new Kafka({ clientId: 'crash-storm-test', brokers: engine.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await receiver?.close();
    await admin?.disconnect();
    await db?.end();
  }, 90_000);

  it('delivers every event, repeats only what was uncommitted at a kill (once per kill), writes no tier records, and records every POST', async () => {
    const registry = new RegistryClient(engine.registryUrl, engine.adminToken);
    const tenant = await createTenant(registry, 'Storm Co', 1);
    const projectId = tenant.projectIds[0] as string;
    const project = new RegistryClient(engine.registryUrl, tenant.projectKeys[0] as string);
    const created = await project.post<{ id: string }>('/v1/endpoints', { url: receiver.url, description: 'healthy sink', eventTypes: ['message.*'] });
    expect(created.status).toBe(201);
    const endpointId = created.body.id;

    const groupId = `${engine.prefix}dispatcher`;
    const tiers = RETRY_DELAYS.map((delay) => engine.topics.retry(delay));
    const consumed = [engine.topics.deliveries, ...tiers];

    let produced = 0;
    const producing = (async () => {
      while (produced < EVENTS) {
        const events = Array.from({ length: PER_TICK }, (_, i) => {
          const n = produced + i;
          return { key: projectId, value: JSON.stringify({ id: `storm_${n}`, type: 'message.sent', projectId, data: { n } }) };
        });
        await produceEvents(engine.brokers, engine.topics.events, events);
        produced += PER_TICK;
        await sleep(TICK_MS);
      }
    })();
    const distinctReceived = () => new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size;

    const windows: Uncommitted[] = [];
    const killDispatcher = async () => {
      await engine.crash('dispatcher');
      windows.push(...(await uncommittedAt(admin, groupId, consumed)));
      await engine.restart('dispatcher');
    };
    // Kills at points of progress, not times: mid-stream, while a backlog builds up during each restart.
    await eventually(
      async () => distinctReceived(),
      (n) => n >= 300,
      { what: 'first deliveries', timeoutMs: 120_000 },
    );
    await killDispatcher();
    await eventually(
      async () => produced,
      (n) => n >= EVENTS / 2,
      { what: 'half the events produced', timeoutMs: 120_000 },
    );
    await engine.crash('ingest');
    await engine.restart('ingest');
    await eventually(
      async () => distinctReceived(),
      (n) => n >= (2 * produced) / 3,
      { what: 'dispatcher catching up', timeoutMs: 120_000 },
    );
    await killDispatcher();
    await producing;

    await eventually(
      async () => distinctReceived(),
      (n) => n === EVENTS,
      { what: 'every event delivered', timeoutMs: 240_000, intervalMs: 500 },
    );
    // Settle: whatever was still going to be sent has been sent (no new POST for a while).
    await eventually(
      async () => receiver.requests.length,
      (() => {
        let last = -1;
        return (n: number) => {
          const quiet = n === last;
          last = n;
          return quiet;
        };
      })(),
      { what: 'the receiver going quiet', timeoutMs: 240_000, intervalMs: 5_000 },
    );

    // Exactly one job per event (ingest's kill duplicated nothing), and where each job sits in `deliveries`.
    const jobs = await readTopic(engine.brokers, engine.topics.deliveries, { expected: EVENTS, quietMs: 2_000 });
    // Jobs are keyed by endpoint id, so all of this one endpoint's jobs are in the one partition that has any.
    const used = (await admin.fetchTopicOffsets(engine.topics.deliveries)).filter((p) => Number(p.high) > 0);
    expect(used).toHaveLength(1);
    const partition = (used[0] as { partition: number }).partition;
    const jobAt = new Map<string, bigint>();
    for (const message of jobs) jobAt.set((JSON.parse(message.value?.toString('utf8') ?? 'null') as DeliveryJob).messageId, BigInt(message.offset));
    expect(jobs).toHaveLength(EVENTS);
    expect(jobAt.size).toBe(EVENTS);

    // A repeat is only for a job the killed process had not committed, and at most once more per such kill.
    const posts = new Map<string, number>();
    for (const request of receiver.requests) {
      const id = request.headers['webhook-id'] as string;
      posts.set(id, (posts.get(id) ?? 0) + 1);
    }
    const dispatcherKills = 2;
    for (const [messageId, count] of posts) {
      const offset = jobAt.get(messageId);
      expect(offset).toBeDefined();
      if (offset === undefined) continue;
      const reread = windows.filter((w) => w.topic === engine.topics.deliveries && w.partition === partition && offset >= w.from && offset < w.to).length;
      expect({ messageId, count }).toEqual({ messageId, count: Math.min(count, 1 + reread) });
    }

    // A healthy endpoint needs no retry and no parking: the tiers hold exactly the real retries.
    const log = jsonValues<DeliveryFact>(await readTopic(engine.brokers, engine.topics.deliveryLog, { quietMs: 3_000 }));
    const realRetries = log.filter((f): f is AttemptFailed => f.type === 'AttemptFailed' && f.nextAttemptAt !== null).length;
    let tierRecords = 0;
    for (const tier of tiers) tierRecords += await highWatermarkSum(admin, tier);
    expect({ tierRecords }).toEqual({ tierRecords: realRetries });
    expect(realRetries).toBe(0);

    // The history shows what the receiver saw: an attempt row per POST whose outcome the dispatcher wrote;
    // only a POST open or being recorded when its process died (at most twice the concurrency per kill) has none.
    const attemptFacts = log.filter((f) => (f.type === 'AttemptSucceeded' || f.type === 'AttemptFailed') && f.endpointId === endpointId);
    const rows = await eventually(
      async () =>
        (
          await db.query<{ message_id: string; n: string }>(`SELECT message_id, count(*) AS n FROM attempts WHERE endpoint_id = $1 GROUP BY message_id`, [
            endpointId,
          ])
        ).rows,
      (r) => r.reduce((sum, row) => sum + Number(row.n), 0) === attemptFacts.length,
      { what: 'the projector holding every attempt fact', timeoutMs: 120_000, intervalMs: 500 },
    );
    let unrecorded = 0;
    for (const row of rows) expect(Number(row.n)).toBeLessThanOrEqual(posts.get(row.message_id) ?? 0);
    const recorded = new Map(rows.map((row) => [row.message_id, Number(row.n)]));
    for (const [messageId, count] of posts) unrecorded += count - (recorded.get(messageId) ?? 0);
    const duplicates = receiver.requests.length - posts.size;
    process.stdout.write(
      `crash storm: ${EVENTS} events, ${receiver.requests.length} POSTs (${duplicates} repeats, ` +
        `${windows.filter((w) => w.topic === engine.topics.deliveries).reduce((n, w) => n + Number(w.to - w.from), 0)} jobs uncommitted at the kills), ` +
        `${tierRecords} tier records, ${attemptFacts.length} attempt rows, ${unrecorded} POSTs unrecorded at a kill\n`,
    );
    expect(rows).toHaveLength(EVENTS);
    expect(unrecorded).toBeLessThanOrEqual(dispatcherKills * UNRECORDED_PER_ENDPOINT);
  }, 600_000);
});

import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { DeliveryJob, MessageAccepted } from '@hookline/contracts';
import { createTenant, eventually, jsonValues, readTopic, RegistryClient, type RunningEngine, startEngine } from '@hookline/testing';

const EVENTS = 400;
const CLIENTS = 8;
/** The HTTP door is killed once this many events were answered 202. */
const CRASH_AFTER = 150;
/** A pending claim of the killed process holds its id for 30 s (PENDING_CLAIM_MS); the clients retry past that. */
const GIVE_UP_MS = 150_000;

type Answer = 202 | 409 | 503 | 'cut';

/**
 * The HTTP door writes the fan-out itself and claims ids pending until its
 * transaction commits (docs/ingest.md). Killed with requests in flight, it
 * must lose no event its callers retry: each id ends with at least one
 * MessageAccepted and one job, and with one message row.
 */
describe('faults: the HTTP door killed with requests in flight', () => {
  let engine: RunningEngine;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine({}, ['registry', 'projector', 'ingest']);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await db?.end();
  }, 60_000);

  it('loses no event whose caller retries until 202, and keeps one message per id', async () => {
    const admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    const tenant = await createTenant(admin, 'Door Crash Co', 1);
    const projectKey = tenant.projectKeys[0] as string;
    const project = new RegistryClient(engine.registryUrl, projectKey);
    const created = await project.post<{ id: string }>('/v1/endpoints', {
      url: 'https://hooks.example.com/door',
      description: 'sink',
      eventTypes: ['message.*'],
    });
    expect(created.status).toBe(201);
    const ingestUrl = () => `http://127.0.0.1:${engine.apps.get('ingest')?.port}/v1/events`;

    const answers: Answer[] = [];
    const messageIds = new Map<string, string>();
    let acknowledged = 0;
    const deadline = Date.now() + GIVE_UP_MS;
    /** Posts one event until it is answered 202, as a client that retries would. */
    const publish = async (n: number) => {
      const id = `door_crash_${n}`;
      for (;;) {
        if (Date.now() > deadline) throw new Error(`${id} was not accepted within ${GIVE_UP_MS} ms`);
        let answer: Answer;
        try {
          const response = await fetch(ingestUrl(), {
            method: 'POST',
            headers: { authorization: `Bearer ${projectKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ id, type: 'message.sent', data: { n } }),
          });
          answer = response.status as Answer;
          const body = (await response.json()) as { messageId?: string };
          if (answer === 202) messageIds.set(id, body.messageId as string);
          else expect([409, 503]).toContain(answer);
        } catch {
          answer = 'cut'; // the process died under the request, or is not listening yet
        }
        answers.push(answer);
        if (answer === 202) {
          acknowledged += 1;
          return;
        }
        await sleep(answer === 409 ? 1_000 : 100);
      }
    };
    let next = 0;
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (next < EVENTS) await publish(next++);
    });

    await eventually(
      async () => acknowledged,
      (n) => n >= CRASH_AFTER,
      { what: `${CRASH_AFTER} events accepted`, timeoutMs: 60_000, intervalMs: 5 },
    );
    await engine.crash('ingest');
    await engine.restart('ingest');
    await Promise.all(clients);

    const ids = Array.from({ length: EVENTS }, (_, n) => `door_crash_${n}`);
    // A transaction the killed process left open holds read-committed readers back on its partitions until the
    // broker times it out (TRANSACTION_TIMEOUT_MS plus the broker's cleanup interval): every 202 shows up after it.
    const acceptedFacts = async () =>
      jsonValues<MessageAccepted>(await readTopic(engine.brokers, engine.topics.deliveryLog, { quietMs: 1_000 })).filter(
        (fact) => fact.type === 'MessageAccepted' && fact.eventId.startsWith('door_crash_'),
      );
    const accepted = await eventually(acceptedFacts, (facts) => new Set(facts.map((f) => f.eventId)).size === EVENTS, {
      what: 'a MessageAccepted for every id',
      timeoutMs: 60_000,
      intervalMs: 2_000,
    }).catch(acceptedFacts);
    const jobs = jsonValues<DeliveryJob>(await readTopic(engine.brokers, engine.topics.deliveries, { quietMs: 1_000 }));
    const factsOf = new Map<string, number>();
    for (const fact of accepted) factsOf.set(fact.eventId, (factsOf.get(fact.eventId) ?? 0) + 1);
    const jobIds = new Set(jobs.map((job) => job.messageId));
    // Nothing answered 202 is missing, and the 202 named the message that was written.
    expect(ids.filter((id) => (factsOf.get(id) ?? 0) === 0)).toEqual([]);
    expect(ids.filter((id) => !jobIds.has(messageIds.get(id) as string))).toEqual([]);
    for (const fact of accepted) expect(fact.messageId).toBe(messageIds.get(fact.eventId));
    // Written twice only where the killed door had committed and not confirmed its claim: at most what it had in flight.
    const twice = ids.filter((id) => (factsOf.get(id) ?? 0) > 1);
    expect(twice.length).toBeLessThanOrEqual(CLIENTS);
    // The crash really cut requests in flight, and the history holds one message per id however often it was written.
    expect(answers.filter((a) => a === 'cut').length).toBeGreaterThan(0);
    const rows = await eventually(
      async () => (await db.query<{ n: string }>(`SELECT count(*) AS n FROM messages WHERE event_id LIKE 'door_crash_%'`)).rows[0]?.n,
      (n) => Number(n) === EVENTS,
      { what: 'one message row per id', timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(Number(rows)).toBe(EVENTS);
    const count = (a: Answer) => answers.filter((x) => x === a).length;
    process.stdout.write(
      `door crash: ${EVENTS} events, ${answers.length} requests (202 ${count(202)}, 409 ${count(409)}, 503 ${count(503)}, cut ${count('cut')}), ` +
        `${twice.length} written twice\n`,
    );
  }, 300_000);
});

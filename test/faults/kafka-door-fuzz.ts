import { createHash, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import type { DeadLetter, DeadLetterReason } from '@hookline/contracts';
import { createTenant, jsonValues, readTopic, RegistryClient, type RunningEngine, startEngine, startWebhookReceiver } from '@hookline/testing';
import { fuzzRecords, type FuzzRecord } from './kafka-door-fuzz-records';

export { fuzzRecords, type FuzzRecord } from './kafka-door-fuzz-records';

export interface KafkaDoorFuzzOptions {
  /** fast-check seed: the same seed produces the same records. */
  readonly seed: number;
  /** How many records to produce, valid and malformed together. */
  readonly records: number;
  /** Ingest's event limit for the run; smaller keeps "huge" records cheap (default 64 KiB). */
  readonly maxEventBytes?: number;
  /** Give up waiting for deliveries and dead letters after this long (default 120 s + 60 ms per record). */
  readonly settleTimeoutMs?: number;
}

export interface KafkaDoorFuzzSummary {
  readonly seed: number;
  readonly recordsTried: number;
  /** Malformed records produced, by the category of malformation. */
  readonly malformedByCategory: Readonly<Partial<Record<string, number>>>;
  readonly deadLetteredByReason: Readonly<Partial<Record<DeadLetterReason, number>>>;
  readonly validPublished: number;
  /** Valid events delivered at least once. */
  readonly validDelivered: number;
  /** Deliveries beyond the first of an event (the receiver always answers 204, so there is no retry). */
  readonly duplicateDeliveries: number;
  /** Malformed records with no dead letter. */
  readonly malformedMissing: number;
  /** Dead letters with a reason the record's malformation does not explain (or of a valid event). */
  readonly misreasoned: ReadonlyArray<{ readonly category: string; readonly reason: DeadLetterReason; readonly message: string }>;
  /** kafkajs consumer crashes logged by ingest, plus 1 if the process exited. */
  readonly consumerCrashes: number;
  /** Times ingest's `/readyz` did not answer 200 (within 5 s) while the run was going on. */
  readonly readinessFailures: number;
  /** What the first few of those answered. */
  readonly readinessFailureSamples: readonly string[];
  readonly ingestPidUnchanged: boolean;
  readonly durationMs: number;
}

/**
 * Fuzzes ingest's Kafka door: produces generated malformed records interleaved
 * with valid events to a fresh engine, then checks the ledger. Every valid
 * event must reach a real loopback receiver exactly once, every malformed one
 * must be dead-lettered with a reason that explains it, and ingest must stay
 * up (same process, ready, no consumer crash). Bounded in count and time;
 * stops everything it started. Needs the broker and Postgres of jest's global
 * setup (or `KAFKA_BROKERS`, `DATABASE_URL` and friends in the environment).
 */
export async function runKafkaDoorFuzz(options: KafkaDoorFuzzOptions): Promise<KafkaDoorFuzzSummary> {
  const started = Date.now();
  const maxEventBytes = options.maxEventBytes ?? 64 * 1024;
  const receiver = await startWebhookReceiver();
  let engine: RunningEngine | undefined;
  try {
    engine = await startEngine({ HOOKLINE_MAX_EVENT_BYTES: String(maxEventBytes) });
    const admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    const tenant = await createTenant(admin, 'Fuzz Co', 1);
    const projectId = tenant.projectIds[0] as string;
    const endpoint = await new RegistryClient(engine.registryUrl, tenant.projectKeys[0] as string).post('/v1/endpoints', {
      url: receiver.url,
      description: 'kafka door fuzz',
      eventTypes: ['*'],
    });
    if (endpoint.status !== 201) throw new Error(`endpoint: ${endpoint.status} ${JSON.stringify(endpoint.body)}`);

    const ingest = engine.apps.get('ingest');
    if (ingest === undefined) throw new Error('the engine has no ingest');
    const watch = watchIngest(ingest.child.stdout, ingest.child.stderr, ingest.port);
    const pid = ingest.child.pid;

    const records = fuzzRecords({ projectId, idPrefix: `fz_${randomBytes(3).toString('hex')}_`, maxEventBytes }, options.seed, options.records);
    await produceAll(engine.brokers, engine.topics.events, records);

    const valid = records.filter((r) => r.expect.kind === 'valid');
    const malformed = records.filter((r) => r.expect.kind === 'rejected');
    const timeoutMs = options.settleTimeoutMs ?? 120_000 + 60 * records.length;
    const markers = () => receiver.requests.map((r) => (JSON.parse(r.body) as { data: { object: { fz?: number } } }).data.object.fz);
    // Bounded: what is still missing at the deadline shows in the summary rather than as a throw.
    const deadline = Date.now() + timeoutMs;
    while (new Set(markers()).size < valid.length && Date.now() < deadline) await sleep(1_000);
    const letters = jsonValues<DeadLetter>(
      await readTopic(engine.brokers, engine.topics.deadLetter, { expected: malformed.length, timeoutMs, quietMs: 3_000 }),
    );
    await sleep(2_000); // a late duplicate delivery would show up here
    const watched = await watch.stop();

    const delivered = markers();
    const ledger = matchDeadLetters(malformed, letters);
    const exited = ingest.child.exitCode !== null || ingest.child.signalCode !== null || engine.apps.get('ingest')?.child.pid !== pid;
    return {
      seed: options.seed,
      recordsTried: records.length,
      malformedByCategory: countBy(malformed.map((r) => (r.expect.kind === 'rejected' ? r.expect.category : 'valid'))),
      deadLetteredByReason: countBy(letters.map((letter) => letter.reason)),
      validPublished: valid.length,
      validDelivered: new Set(delivered.filter((marker) => marker !== undefined)).size,
      duplicateDeliveries: delivered.length - new Set(delivered).size,
      malformedMissing: ledger.missing,
      misreasoned: ledger.misreasoned,
      consumerCrashes: watched.crashLines + (exited ? 1 : 0),
      readinessFailures: watched.readinessFailures,
      readinessFailureSamples: watched.readinessFailureSamples,
      ingestPidUnchanged: !exited,
      durationMs: Date.now() - started,
    };
  } finally {
    await engine?.stop();
    await receiver.close();
  }
}

/** Produces in order, in requests well under the broker's 1 MiB limit (a huge record goes alone). */
async function produceAll(brokers: string[], topic: string, records: readonly FuzzRecord[]): Promise<void> {
  const producer = new Kafka({ clientId: 'fuzz-producer', brokers, logLevel: logLevel.ERROR }).producer();
  await producer.connect();
  try {
    let batch: FuzzRecord[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await producer.send({ topic, acks: -1, messages: batch.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
      batch = [];
      bytes = 0;
    };
    for (const record of records) {
      const size = sizeOf(record);
      if (bytes + size > 400_000) await flush();
      batch.push(record);
      bytes += size;
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
}

function sizeOf(record: FuzzRecord): number {
  const length = (data: string | Buffer | null) => (data === null ? 0 : Buffer.byteLength(data));
  return (
    length(record.key) + length(record.value) + Object.entries(record.headers).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + length(value), 0)
  );
}

/** Pairs dead letters with the malformed records they stand for, by the sha256 of the original value. */
function matchDeadLetters(malformed: readonly FuzzRecord[], letters: readonly DeadLetter[]) {
  const expected = new Map<string, FuzzRecord[]>();
  for (const record of malformed) {
    const hash = record.value === null ? 'null' : createHash('sha256').update(record.value).digest('hex');
    expected.set(hash, [...(expected.get(hash) ?? []), record]);
  }
  const misreasoned: Array<{ category: string; reason: DeadLetterReason; message: string }> = [];
  for (const letter of letters) {
    const candidates = expected.get(letter.valueSha256 ?? 'null') ?? [];
    const record = candidates.shift();
    if (record === undefined || record.expect.kind !== 'rejected') {
      misreasoned.push({ category: 'not a malformed record (valid or unknown)', reason: letter.reason, message: letter.message });
      continue;
    }
    const { reasons, category } = record.expect;
    const explained = reasons === null ? letter.reason !== 'internal_error' : (reasons as readonly DeadLetterReason[]).includes(letter.reason);
    if (!explained) misreasoned.push({ category, reason: letter.reason, message: letter.message });
  }
  const missing = [...expected.values()].reduce((sum, left) => sum + left.length, 0);
  return { missing, misreasoned };
}

/** Counts kafkajs consumer crashes in ingest's log and polls its readiness until stopped. */
function watchIngest(stdout: NodeJS.ReadableStream | null, stderr: NodeJS.ReadableStream | null, port: number) {
  let crashLines = 0;
  let readinessFailures = 0;
  const readinessFailureSamples: string[] = [];
  let polling = true;
  for (const stream of [stdout, stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (line.includes('"msg":"Crash:')) crashLines += 1;
    });
  }
  const poll = (async () => {
    while (polling) {
      const failure = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
        async (response) => (response.status === 200 ? (await response.body?.cancel(), null) : `${response.status} ${await response.text()}`),
        (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
      );
      if (failure !== null) {
        readinessFailures += 1;
        if (readinessFailureSamples.length < 5) readinessFailureSamples.push(`${new Date().toISOString()} ${failure}`);
      }
      await sleep(1_000);
    }
  })();
  return {
    stop: async () => {
      polling = false;
      await poll;
      return { crashLines, readinessFailures, readinessFailureSamples };
    },
  };
}

function countBy<T extends string>(values: readonly T[]): Partial<Record<T, number>> {
  const counts: Partial<Record<T, number>> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

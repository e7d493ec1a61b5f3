import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DEFAULT_TOPIC_PREFIX, topicNames, type DeliveryFact } from '@hookline/contracts';
import { APP_NAMES, type AppName } from '../../tools/local-stack/app-processes';
import { freePorts } from '../../tools/local-stack/free-port';
import { generateAdminToken, generateMasterKey } from '../../tools/local-stack/local-secrets';
import { repoRoot } from '../../tools/local-stack/repo-root';
import { describeExit } from '../../tools/local-stack/stop-child';
import { startSupervisedStack, type SupervisedStack } from '../../tools/local-stack/supervised-stack';
import { crashAndAwaitRestart, createTenant, jsonValues, readTopic, RegistryClient, startWebhookReceiver, type WebhookReceiver } from '@hookline/testing';
import { checkLedger, type Disruption, type HistoryCount, type Ledger, type Receipt } from './chaos-ledger';
import { consumerLag, type GroupLag } from './chaos-lag';
import { runSteadyLoad } from './chaos-load';

export interface ChaosOptions {
  /** How long events are produced. */
  readonly durationMs: number;
  readonly ratePerSecond: number;
  /** Healthy loopback receivers, each an endpoint subscribed to every event of the load. */
  readonly endpoints?: number;
  /** SIGKILLs of each app (the supervisor restarts it), spread over the load. */
  readonly killsPerService: number;
  /** SIGKILL the broker once (restarted on the same data dir and ports). */
  readonly restartBroker: boolean;
  /** SIGKILL Postgres once. */
  readonly restartPostgres: boolean;
  /** See LedgerInput.inFlightWindowMs. */
  readonly inFlightWindowMs?: number;
  /** After the load: how long deliveries may take to arrive. */
  readonly settleTimeoutMs?: number;
  /** Then: how long every consumer group may take to reach lag 0. */
  readonly lagTimeoutMs?: number;
  readonly log: (line: string) => void;
  /** Ends the run early (Ctrl-C): it rejects after stopping everything it started and deleting its temp dir. */
  readonly abort?: AbortSignal;
}

export interface ChaosSummary extends Ledger {
  readonly kills: Readonly<Record<AppName, number>>;
  readonly brokerRestarts: number;
  readonly postgresRestarts: number;
  /** Exits we did not cause (an app that gave up while the broker was down, say), and how. */
  readonly unplannedExits: readonly string[];
  /** Dispatcher deaths and broker outages, as the ledger used them (ISO times). */
  readonly disruptions: readonly string[];
  /** From the last event published until every consumer group had lag 0; null if it never got there. */
  readonly lagZeroAfterMs: number | null;
  readonly lagLeft: readonly GroupLag[];
  readonly failedSends: number;
}

const PREFIX = DEFAULT_TOPIC_PREFIX;
const RETRY_SCHEDULE_MS = [1_000, 2_000, 4_000];
const RESTART_TIMEOUT_MS = 150_000;
/** The groups that commit offsets: each must be seen, and caught up. */
const COMMITTING_GROUPS = ['ingest', 'dispatcher', 'projector'].map((app) => `${PREFIX}${app}`);

/**
 * One fault-injection run (issue 10): a supervised engine of its own (broker,
 * Postgres, four apps) in a temp dir on free ports; steady load to healthy
 * loopback endpoints; each app SIGKILLed `killsPerService` times, the broker
 * and Postgres once, each restarted by the supervisor; then the books: see
 * chaos-ledger.ts. Everything it started is stopped and deleted at the end.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const log = options.log;
  const wait = (ms: number): Promise<void> => sleep(ms, undefined, { signal: options.abort });
  const dataDir = await mkdtemp(join(tmpdir(), 'hookline-chaos-'));
  const receivers: WebhookReceiver[] = [];
  let stack: SupervisedStack | undefined;
  try {
    const exits: Array<{ name: string; how: string; at: number }> = [];
    const disruptions: Disruption[] = [];
    const [kafkaPort, kafkaControllerPort, postgresPort, ...appPortList] = (await freePorts(3 + APP_NAMES.length)) as number[];
    const appPorts = Object.fromEntries(APP_NAMES.map((name, i) => [name, appPortList[i] as number])) as Record<AppName, number>;
    const adminToken = generateAdminToken();
    const appEnv: NodeJS.ProcessEnv = {
      ...withoutExternalInfrastructure(process.env),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      HOOKLINE_ALLOW_HTTP: 'true',
      HOOKLINE_ALLOW_PRIVATE_NETWORKS: 'true',
      HOOKLINE_RETRY_SCHEDULE: RETRY_SCHEDULE_MS.map((ms) => `${ms / 1000}s`).join(','),
      HOOKLINE_TOPIC_PREFIX: PREFIX,
      HOOKLINE_MASTER_KEY: generateMasterKey(),
      HOOKLINE_ADMIN_TOKEN: adminToken,
    };
    const started = await startSupervisedStack({
      infrastructure: {
        root: repoRoot(__dirname),
        dataDir,
        kafkaPort,
        kafkaControllerPort,
        postgresPort,
        // Durable: this run SIGKILLs Postgres, and with synchronous_commit off a commit
        // the projector was told about can vanish with it (the test would lose history itself).
        durable: true,
        topicPrefix: PREFIX,
        retryDelaysMs: RETRY_SCHEDULE_MS,
        log: (line) => log(`[stack] ${line}`),
      },
      appPorts,
      appEnv,
      appStopGraceMs: 15_000,
      abort: options.abort,
      // Short backoff: the run is timed; a crash loop still backs off, to 5 s.
      policy: { initialDelayMs: 1_000, maxDelayMs: 5_000, stableAfterMs: 60_000 },
      onExit: (name, status, at) => {
        exits.push({ name, how: describeExit(status), at });
        if (name === 'dispatcher') disruptions.push({ what: `dispatcher died at ${at}`, from: at, to: at });
        if (name === 'kafka') {
          const outage = { what: `broker down from ${at}`, from: at, to: Number.POSITIVE_INFINITY };
          disruptions.push(outage);
          void started.supervisor.nextStart('kafka').then(() => {
            disruptions[disruptions.indexOf(outage)] = { ...outage, to: Date.now() };
          });
        }
      },
    });
    stack = started;

    // Tenant, endpoints and a warm-up: ingest learns endpoints from the registry topic, asynchronously.
    const endpointCount = options.endpoints ?? 3;
    for (let i = 0; i < endpointCount; i++) receivers.push(await startWebhookReceiver());
    const admin = new RegistryClient(stack.appUrls.registry, adminToken);
    const tenant = await createTenant(admin, 'Chaos Co');
    const projectId = tenant.projectIds[0] as string;
    const project = admin.as(tenant.projectKeys[0] as string);
    const endpointIds: string[] = [];
    for (const [i, receiver] of receivers.entries()) {
      const created = await project.post<{ id: string }>('/v1/endpoints', { url: receiver.url, description: `chaos sink ${i}`, eventTypes: ['message.*'] });
      if (created.status !== 201) throw new Error(`creating endpoint ${i}: ${created.status} ${JSON.stringify(created.body)}`);
      endpointIds.push(created.body.id);
    }
    const endpointOf = new Map(receivers.map((receiver, i) => [receiver, endpointIds[i] as string]));
    await warmUp(stack.brokers, projectId, receivers);
    log(`warm: ${endpointCount} endpoints receive; load ${options.ratePerSecond}/s for ${options.durationMs / 1000} s`);

    // Load and faults at the same time.
    const runId = randomBytes(3).toString('hex');
    const loading = runSteadyLoad({
      brokers: stack.brokers,
      topic: topicNames(PREFIX).events,
      projectId,
      eventType: 'message.sent', // built in: no event type to register
      idPrefix: `chaos_${runId}_`,
      abort: options.abort,
      ratePerSecond: options.ratePerSecond,
      durationMs: options.durationMs,
      overrunMs: RESTART_TIMEOUT_MS,
      log,
    });
    // Awaited after the faults; until then a rejection (Ctrl-C) must not count as unhandled.
    loading.catch(() => undefined);
    const kills = Object.fromEntries(APP_NAMES.map((name) => [name, 0])) as Record<AppName, number>;
    const plan = faultPlan(options);
    const t0 = Date.now();
    for (const [i, name] of plan.entries()) {
      const at = t0 + ((i + 1) * options.durationMs * 0.85) / (plan.length + 1);
      await wait(Math.max(0, at - Date.now()));
      const { killedAt, backAt } = await untilAborted(crashAndAwaitRestart(stack.supervisor, name, RESTART_TIMEOUT_MS), options.abort);
      if ((APP_NAMES as readonly string[]).includes(name)) kills[name as AppName] += 1;
      log(`fault: SIGKILL ${name} at +${((killedAt - t0) / 1000).toFixed(1)} s, back after ${((backAt - killedAt) / 1000).toFixed(1)} s`);
    }
    const load = await loading;
    log(
      `load: ${load.published.length} events published in ${((load.endedAt - load.startedAt) / 1000).toFixed(1)} s (${load.failedSends} failed sends retried)`,
    );

    // Settle: every delivery in, then every consumer group caught up.
    const settleMs = options.settleTimeoutMs ?? 180_000;
    const expected = load.published.length;
    const deliveredSeqs = (receiver: WebhookReceiver): number => new Set(receiver.requests.map(seqOf).filter((s) => s !== null)).size;
    const settleDeadline = Date.now() + settleMs;
    while (Date.now() < settleDeadline && receivers.some((r) => deliveredSeqs(r) < expected)) await wait(500);
    const kafka = new Kafka({ clientId: 'chaos-ledger', brokers: stack.brokers, logLevel: logLevel.NOTHING });
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    let lagZeroAfterMs: number | null = null;
    let lagLeft: GroupLag[] = [];
    try {
      const lagDeadline = Date.now() + (options.lagTimeoutMs ?? 60_000);
      while (Date.now() < lagDeadline) {
        // A poll that fails (a coordinator moving after the restarts) just polls again.
        const groups = await consumerLag(kafkaAdmin, PREFIX).catch((): GroupLag[] => []);
        lagLeft = groups.filter((g) => g.lag > 0);
        const measured = new Set(groups.map((g) => g.groupId));
        if (lagLeft.length === 0 && COMMITTING_GROUPS.every((group) => measured.has(group))) {
          lagZeroAfterMs = Date.now() - load.endedAt;
          break;
        }
        await wait(500);
      }
    } finally {
      await kafkaAdmin.disconnect();
    }
    log(lagZeroAfterMs === null ? `lag: not 0 (${JSON.stringify(lagLeft)})` : `lag: 0 after ${(lagZeroAfterMs / 1000).toFixed(1)} s`);
    // A last quiet moment so that repeats still on their way are counted too.
    await wait(3_000);

    const { retryRecords, realRetries, recordedAttempts } = await readRecords(stack.brokers);
    const history = await attemptRows(stack.databaseUrl, endpointIds);
    const receipts: Receipt[] = receivers.flatMap((receiver) =>
      receiver.requests.map((request) => ({
        endpoint: endpointOf.get(receiver) as string,
        messageId: String(request.headers['webhook-id'] ?? ''),
        seq: seqOf(request),
        at: request.receivedAt,
      })),
    );
    const ledger = checkLedger({
      publishedSeqs: load.published,
      endpoints: endpointIds,
      receipts,
      history,
      recordedAttempts,
      disruptions,
      inFlightWindowMs: options.inFlightWindowMs ?? 20_000,
      retryRecords,
      realRetries,
    });
    const violations = [...ledger.violations];
    if (lagZeroAfterMs === null) violations.push(`consumer lag not back to 0: ${lagLeft.map((g) => `${g.groupId} ${g.behind.join(' ')}`).join('; ')}`);
    const plannedExits = new Map<string, number>();
    for (const name of plan) plannedExits.set(name, (plannedExits.get(name) ?? 0) + 1);
    const unplannedExits: string[] = [];
    for (const exit of exits) {
      const left = plannedExits.get(exit.name) ?? 0;
      if (left > 0 && exit.how === 'was killed by SIGKILL') plannedExits.set(exit.name, left - 1);
      else unplannedExits.push(`${exit.name} ${exit.how} at +${((exit.at - t0) / 1000).toFixed(1)} s`);
    }
    return {
      ...ledger,
      violations,
      kills,
      brokerRestarts: stack.supervisor.restarts('kafka'),
      postgresRestarts: stack.supervisor.restarts('postgres'),
      unplannedExits,
      disruptions: disruptions.map(
        (d) => `${d.what.split(' ')[0]} ${new Date(d.from).toISOString()}–${Number.isFinite(d.to) ? new Date(d.to).toISOString() : 'never back'}`,
      ),
      lagZeroAfterMs,
      lagLeft,
      failedSends: load.failedSends,
    };
  } finally {
    await stack?.stop();
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The order of the faults: each app in turn, `killsPerService` rounds, the broker and Postgres in the middle. */
export function faultPlan(options: Pick<ChaosOptions, 'killsPerService' | 'restartBroker' | 'restartPostgres'>): string[] {
  const plan: string[] = [];
  for (let round = 0; round < options.killsPerService; round++) plan.push(...APP_NAMES);
  const infra = [...(options.restartBroker ? ['kafka'] : []), ...(options.restartPostgres ? ['postgres'] : [])];
  // Apart from each other, so each outage is its own: spread evenly over the app kills.
  const apps = plan.length;
  infra.forEach((name, i) => plan.splice(Math.round(((i + 1) * apps) / (infra.length + 1)) + i, 0, name));
  return plan;
}

/** `promise`, or a rejection as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function withoutExternalInfrastructure(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _brokers, DATABASE_URL: _database, ...rest } = env;
  return rest;
}

function seqOf(request: { body: string }): number | null {
  try {
    const body = JSON.parse(request.body) as { data?: { object?: { seq?: unknown } } };
    const seq = body.data?.object?.seq;
    return typeof seq === 'number' ? seq : null;
  } catch {
    return null; // not JSON: not one of ours, and the ledger counts it as a stray POST
  }
}

/** Publishes probes until every receiver has had one: from then on ingest fans out to all endpoints. */
async function warmUp(brokers: string[], projectId: string, receivers: readonly WebhookReceiver[]): Promise<void> {
  const producer = new Kafka({ clientId: 'chaos-warm-up', brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (let n = 0; receivers.some((r) => r.requests.length === 0); n++) {
      if (Date.now() > deadline) throw new Error('the endpoints got no warm-up event within 60 s');
      await producer.send({
        topic: topicNames(PREFIX).events,
        messages: [{ key: projectId, value: JSON.stringify({ id: `warm_${n}`, type: 'message.read', projectId, data: {} }) }],
      });
      await sleep(1_000);
    }
  } finally {
    await producer.disconnect();
  }
}

/** Records in the retry tiers, the failed attempts that asked for them, and every attempt the dispatcher recorded. */
async function readRecords(brokers: string[]): Promise<{ retryRecords: number; realRetries: number; recordedAttempts: HistoryCount[] }> {
  const admin = new Kafka({ clientId: 'chaos-retries', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  let retryTopics: string[];
  try {
    retryTopics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${PREFIX}retry.`));
  } finally {
    await admin.disconnect();
  }
  let retryRecords = 0;
  for (const topic of retryTopics) retryRecords += await countRecords(brokers, topic);
  const facts = jsonValues<DeliveryFact>(await readTopic(brokers, topicNames(PREFIX).deliveryLog, { quietMs: 3_000 }));
  const realRetries = facts.filter((fact) => fact.type === 'AttemptFailed' && fact.nextAttemptAt !== null).length;
  const attempts = new Map<string, HistoryCount>();
  for (const fact of facts) {
    if (fact.type !== 'AttemptSucceeded' && fact.type !== 'AttemptFailed') continue;
    const key = `${fact.endpointId}/${fact.messageId}`;
    const count = attempts.get(key);
    attempts.set(key, { endpoint: fact.endpointId, messageId: fact.messageId, rows: (count?.rows ?? 0) + 1 });
  }
  return { retryRecords, realRetries, recordedAttempts: [...attempts.values()] };
}

/**
 * Counts a topic's records (read committed) without keeping them: a duplicate
 * storm writes millions into a retry tier, and keeps writing. Stops when the
 * counter has reached the end offsets it saw at the start (markers make the
 * count smaller than the offsets), after 2 s without a record, or after 60 s.
 */
async function countRecords(brokers: string[], topic: string): Promise<number> {
  const kafka = new Kafka({ clientId: 'chaos-counter', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `chaos-counter-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  let count = 0;
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    if (ends.every((end) => end.high === '0')) return 0;
    const remaining = new Map(ends.map((end) => [end.partition, Number(end.high)]));
    let lastArrival = Date.now();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        count += batch.messages.length;
        lastArrival = Date.now();
        if (Number(batch.lastOffset()) + 1 >= (remaining.get(batch.partition) ?? 0)) remaining.delete(batch.partition);
      },
    });
    const started = Date.now();
    while (remaining.size > 0 && Date.now() - lastArrival < 2_000 + (count === 0 ? 8_000 : 0) && Date.now() - started < 60_000) {
      await sleep(200);
    }
    return count;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined); // best effort: a leftover group of a finished run holds nothing
    await admin.disconnect();
  }
}

async function attemptRows(databaseUrl: string, endpointIds: readonly string[]): Promise<HistoryCount[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ endpoint_id: string; message_id: string; rows: string }>(
      'select endpoint_id, message_id, count(*) as rows from attempts where endpoint_id = any($1) group by endpoint_id, message_id',
      [endpointIds],
    );
    return result.rows.map((row) => ({ endpoint: row.endpoint_id, messageId: row.message_id, rows: Number(row.rows) }));
  } finally {
    await client.end();
  }
}

import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { topicNames } from '@hookline/contracts';
import { provisionTopics } from '@hookline/kafka';
import { spawnApp, waitUntilReady, type AppProcess } from '../tools/local-stack/app-processes';
import { freePorts } from '../tools/local-stack/free-port';
import { repoRoot } from '../tools/local-stack/repo-root';
import { stopChild } from '../tools/local-stack/stop-child';
import { sumByLabel } from './e2e/prometheus-text';
import { startThrowawayInfrastructure } from '../tools/local-stack/throwaway-infrastructure';

/**
 * `npm run bench -- ingest [--quick]`: events/s that ingest accepts (validated,
 * deduped, fanned out and committed in Kafka transactions) with fan-out 1 and
 * 10. The events are produced first, then ingest starts; the rate is taken
 * between the first and the last MessageAccepted a read-committed consumer
 * sees, so start-up and the producer are not part of it.
 */
interface Round {
  readonly fanOut: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly jobsPerSecond: number;
  /** The ingest process's Kafka requests by API over its whole run (start-up included), from its /metrics. */
  readonly kafkaRequests: ReadonlyMap<string, number>;
}

export async function runIngestBench(args: readonly string[]): Promise<Round[]> {
  const quick = args.includes('--quick');
  const events = quick ? 5_000 : 30_000;
  const root = repoRoot(__dirname);
  const [registryPort, projectorPort, ingestPort] = (await freePorts(3)) as [number, number, number];
  const prefix = 'bench.';
  const infra = await startThrowawayInfrastructure({ label: 'bench-ingest', log: (line) => process.stdout.write(`[bench] ${line}\n`) });
  await provisionTopics({ brokers: infra.brokers, prefix });
  const adminToken = `adm_${randomBytes(16).toString('hex')}`;
  const env = {
    ...process.env,
    KAFKA_BROKERS: infra.brokers.join(','),
    DATABASE_URL: infra.databaseUrl,
    HOOKLINE_TOPIC_PREFIX: prefix,
    HOOKLINE_MASTER_KEY: randomBytes(32).toString('base64'),
    HOOKLINE_ADMIN_TOKEN: adminToken,
    HOOKLINE_ALLOW_HTTP: 'true',
    LOG_LEVEL: 'warn',
  };
  const apps: AppProcess[] = [];
  try {
    apps.push(spawnApp(root, 'registry', registryPort, env), spawnApp(root, 'projector', projectorPort, env));
    await Promise.all(apps.map((app) => waitUntilReady(app, 90_000)));
    const api = apiClient(`http://127.0.0.1:${registryPort}`);
    const rounds: Round[] = [];
    for (const fanOut of [1, 10]) {
      const projectId = await projectWithEndpoints(api, adminToken, fanOut);
      await produce(infra.brokers, topicNames(prefix).events, projectId, events);
      const counting = countAccepted(infra.brokers, topicNames(prefix).deliveryLog, projectId, events);
      const ingest = spawnApp(root, 'ingest', ingestPort, env);
      const seconds = await counting;
      const kafkaRequests = await kafkaRequestsOf(ingestPort);
      await stopChild(ingest.child, 'SIGTERM', 30_000);
      rounds.push({ fanOut, events, seconds, eventsPerSecond: (events - 1) / seconds, jobsPerSecond: ((events - 1) * fanOut) / seconds, kafkaRequests });
    }
    printRounds(rounds);
    if (args.includes('--steady')) {
      const projectId = await projectWithEndpoints(api, adminToken, 10);
      const ingest = spawnApp(root, 'ingest', ingestPort, env);
      await waitUntilReady(ingest, 90_000);
      await runSteadyRound(infra.brokers, prefix, projectId, ingestPort);
      await stopChild(ingest.child, 'SIGTERM', 30_000);
    }
    return rounds;
  } finally {
    await Promise.all(apps.map((app) => stopChild(app.child, 'SIGTERM', 30_000)));
    await infra.stop();
  }
}

type Api = (token: string, path: string, body: unknown) => Promise<{ id: string; key: string }>;

function apiClient(baseUrl: string): Api {
  return async (token, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; key: string };
  };
}

async function projectWithEndpoints(api: Api, adminToken: string, fanOut: number): Promise<string> {
  const account = await api(adminToken, '/v1/accounts', { name: `bench fan-out ${fanOut}` });
  const project = await api(adminToken, `/v1/accounts/${account.id}/projects`, { name: 'bench' });
  const { key } = await api(adminToken, '/v1/api-keys', { projectId: project.id });
  for (let i = 0; i < fanOut; i++) {
    // Never called: no dispatcher runs in this benchmark.
    await api(key, '/v1/endpoints', { url: `https://sink.example/${i}`, description: `sink ${i}`, eventTypes: ['message.*'] });
  }
  return project.id;
}

async function produce(brokers: string[], topic: string, projectId: string, count: number): Promise<void> {
  const producer = new Kafka({ clientId: 'bench-producer', brokers, logLevel: logLevel.ERROR }).producer();
  await producer.connect();
  const filler = 'x'.repeat(900); // ~1 KiB events
  for (let start = 0; start < count; start += 1_000) {
    const messages = Array.from({ length: Math.min(1_000, count - start) }, (_, i) => ({
      key: `${projectId}-${(start + i) % 16}`,
      value: JSON.stringify({ id: `bench_${start + i}`, type: 'message.delivered', projectId, data: { n: start + i, filler } }),
    }));
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

/** Resolves with the seconds between the first and the last MessageAccepted of the project. */
async function countAccepted(brokers: string[], topic: string, projectId: string, expected: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-counter', brokers, logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: `bench-counter-${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const needle = `"projectId":"${projectId}"`;
  let seen = 0;
  let first = 0;
  return new Promise<number>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`only ${seen} of ${expected} accepted within 10 minutes`)), 600_000);
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const text = message.value?.toString('utf8') ?? '';
          if (!text.includes('"type":"MessageAccepted"') || !text.includes(needle)) continue;
          if (seen === 0) first = performance.now();
          seen += 1;
        }
        if (seen >= expected) {
          clearTimeout(timeout);
          const seconds = (performance.now() - first) / 1000;
          setImmediate(() => void consumer.disconnect().then(() => resolve(seconds), reject));
        }
      },
    });
  });
}

/**
 * `--steady`: events produced at a steady 500/s for 12 s (ten every 20 ms,
 * spread over the partitions) into a running ingest, fan-out 10, as under
 * live load rather than a backlog. Prints ingest's Kafka requests over the
 * window: transactions (EndTxn) per fetch with data is the figure the fetch
 * cycle work is about (issue 14: about two before).
 */
async function runSteadyRound(brokers: string[], prefix: string, projectId: string, ingestPort: number): Promise<void> {
  const events = 6_000;
  const before = await kafkaRequestsOf(ingestPort);
  const counting = countAccepted(brokers, topicNames(prefix).deliveryLog, projectId, events);
  const producer = new Kafka({ clientId: 'bench-steady', brokers, logLevel: logLevel.ERROR }).producer();
  await producer.connect();
  const started = performance.now();
  for (let sent = 0; sent < events; sent += 10) {
    const due = started + (sent / 500) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const messages = Array.from({ length: 10 }, (_, i) => ({
      key: `${projectId}-${(sent + i) % 16}`,
      value: JSON.stringify({ id: `steady_${sent + i}`, type: 'message.delivered', projectId, data: { n: sent + i, filler: 'x'.repeat(900) } }),
    }));
    void producer.send({ topic: topicNames(prefix).events, acks: -1, messages });
  }
  await counting;
  await producer.disconnect();
  const after = await kafkaRequestsOf(ingestPort);
  const delta = (api: string) => (after.get(api) ?? 0) - (before.get(api) ?? 0);
  const total = [...after.keys()].reduce((sum, api) => sum + delta(api), 0);
  process.stdout.write('\ningest under steady load (500 events/s for 12 s, fan-out 10): Kafka requests in the window\n');
  process.stdout.write(
    `requests/event ${(total / events).toFixed(2)}  EndTxn ${delta('EndTxn')}  Fetch ${delta('Fetch')}  EndTxn/Fetch ${(delta('EndTxn') / Math.max(1, delta('Fetch'))).toFixed(2)}  ` +
      `AddPartitionsToTxn ${delta('AddPartitionsToTxn')}  GroupCoordinator ${delta('GroupCoordinator')}  ListOffsets ${delta('ListOffsets')}  Produce ${delta('Produce')}\n`,
  );
}

/** hookline_kafka_requests_total of the ingest process, by API; empty when its /metrics cannot be read. */
async function kafkaRequestsOf(port: number): Promise<Map<string, number>> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    return sumByLabel(await response.text(), 'hookline_kafka_requests_total', 'api');
  } catch {
    return new Map();
  }
}

function printRounds(rounds: readonly Round[]): void {
  process.stdout.write('\ningest throughput (1 KiB events, accepted = validated + deduped + fanned out + committed)\n');
  process.stdout.write('fan-out  events  seconds  events/s  jobs/s\n');
  for (const r of rounds) {
    process.stdout.write(
      `${String(r.fanOut).padStart(7)}  ${String(r.events).padStart(6)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.eventsPerSecond.toFixed(0).padStart(8)}  ${r.jobsPerSecond.toFixed(0).padStart(6)}\n`,
    );
  }
  // Transactions are EndTxn requests; AddPartitionsToTxn beyond them are mostly CONCURRENT_TRANSACTIONS retries.
  process.stdout.write('\ningest Kafka requests (whole run, start-up included)\n');
  process.stdout.write('fan-out  requests/event  EndTxn  AddPartitionsToTxn  GroupCoordinator  ListOffsets  Fetch  Produce\n');
  for (const r of rounds) {
    const n = (api: string) => r.kafkaRequests.get(api) ?? 0;
    const total = [...r.kafkaRequests.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(
      `${String(r.fanOut).padStart(7)}  ${(total / r.events).toFixed(3).padStart(14)}  ${String(n('EndTxn')).padStart(6)}  ${String(n('AddPartitionsToTxn')).padStart(18)}  ` +
        `${String(n('GroupCoordinator')).padStart(16)}  ${String(n('ListOffsets')).padStart(11)}  ${String(n('Fetch')).padStart(5)}  ${String(n('Produce')).padStart(7)}\n`,
    );
  }
}

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { topicNames, type DeliveryJob, type EndpointCreated } from '@hookline/contracts';
import { generateEndpointSecret, parseMasterKey, sealSecret, ENDPOINT_DELIVERY_DEFAULTS } from '@hookline/domain';
import { spawnApp, waitUntilReady } from '../tools/local-stack/app-processes';
import { freePorts } from '../tools/local-stack/free-port';
import { startInfrastructure } from '../tools/local-stack/infrastructure';
import { repoRoot } from '../tools/local-stack/repo-root';
import { stopChild } from '../tools/local-stack/stop-child';

/**
 * `npm run bench -- dispatch [--quick]` (or `node dist/bench/dispatch.bench.js`):
 *  1. throughput: N jobs already on `deliveries` for 10 endpoints of one local
 *     receiver; deliveries/s between the first and the last request received.
 *  2. latency: jobs published at a steady rate; publish (job produced, acks=all)
 *     to receive (request arrives at the receiver), p50 / p99.
 * Real broker, real HTTP over loopback, signing included; no rate limits.
 */
interface DispatchFigures {
  readonly deliveries: number;
  readonly deliveriesPerSecond: number;
  readonly latencyRate: number;
  readonly latencySamples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const ENDPOINTS = 10;

export async function runDispatchBench(args: readonly string[]): Promise<DispatchFigures> {
  const quick = args.includes('--quick');
  const total = quick ? 5_000 : 20_000;
  const latencySeconds = quick ? 5 : 15;
  const latencyRate = 200;
  const root = repoRoot(__dirname);
  const dataDir = await mkdtemp(join(tmpdir(), 'hookline-bench-dispatch-'));
  const [kafkaPort, controllerPort, postgresPort, dispatcherPort] = (await freePorts(4)) as [number, number, number, number];
  const prefix = 'bench.';
  const infra = await startInfrastructure({
    root,
    dataDir,
    kafkaPort,
    kafkaControllerPort: controllerPort,
    postgresPort,
    durable: false,
    topicPrefix: prefix,
    retryDelaysMs: [1000],
    log: (line) => process.stdout.write(`[bench] ${line}\n`),
  });
  const masterKey = randomBytes(32).toString('base64');
  const env = {
    ...process.env,
    KAFKA_BROKERS: infra.brokers.join(','),
    DATABASE_URL: infra.databaseUrl,
    HOOKLINE_TOPIC_PREFIX: prefix,
    HOOKLINE_MASTER_KEY: masterKey,
    HOOKLINE_ALLOW_HTTP: 'true',
    HOOKLINE_ALLOW_PRIVATE_NETWORKS: 'true',
    HOOKLINE_RETRY_SCHEDULE: '1s',
    LOG_LEVEL: 'warn',
  };
  const receiver = await startReceiver();
  const topics = topicNames(prefix);
  const producer = new Kafka({ clientId: 'bench-dispatch', brokers: infra.brokers, logLevel: logLevel.ERROR }).producer();
  await producer.connect();
  const dispatcher = spawnApp(root, 'dispatcher', dispatcherPort, env);
  try {
    const endpointIds = await createEndpoints(producer, topics.registry, receiver.url, masterKey);
    await waitUntilReady(dispatcher, 90_000);

    // 1. Throughput.
    await sendJobs(producer, topics.deliveries, endpointIds, total, 'tp');
    const tp = await receiver
      .waitFor((id) => id.startsWith('msg_tp_'), total, 300_000)
      .catch(async (error: unknown) => {
        // Jobs a lane overflowed to a tier come back only after its delay (up to minutes): say so, not "lost".
        throw new Error(`${error instanceof Error ? error.message : String(error)}; the dispatcher ${await parkedSoFar(dispatcherPort)}`);
      });
    const deliveriesPerSecond = (total - 1) / ((tp.last - tp.first) / 1000);

    // 2. Latency at a steady rate.
    const latencies: number[] = [];
    receiver.onRequest = (id, at) => {
      const sent = Number(id.split('_')[3]);
      if (id.startsWith('msg_lat_')) latencies.push(at - sent);
    };
    const samples = latencyRate * latencySeconds;
    for (let i = 0; i < samples; i += latencyRate / 10) {
      const started = Date.now();
      await sendJobs(producer, topics.deliveries, endpointIds, latencyRate / 10, 'lat', true);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - started))));
    }
    await receiver.waitFor((id) => id.startsWith('msg_lat_'), samples, 120_000);
    latencies.sort((a, b) => a - b);
    const figures: DispatchFigures = {
      deliveries: total,
      deliveriesPerSecond,
      latencyRate,
      latencySamples: latencies.length,
      p50Ms: latencies[Math.floor(latencies.length * 0.5)] as number,
      p99Ms: latencies[Math.floor(latencies.length * 0.99)] as number,
    };
    process.stdout.write(
      `dispatch: ${figures.deliveries} deliveries to ${ENDPOINTS} endpoints at ${figures.deliveriesPerSecond.toFixed(0)}/s; ` +
        `publish→receive at ${latencyRate}/s: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms (${figures.latencySamples} samples)\n`,
    );
    return figures;
  } finally {
    await stopChild(dispatcher.child, 'SIGTERM', 30_000);
    await producer.disconnect();
    await receiver.close();
    await infra.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The dispatcher's parked-job counters, from its /metrics. */
async function parkedSoFar(port: number): Promise<string> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const parked = text.split('\n').filter((line) => line.startsWith('hookline_dispatcher_jobs_parked_total'));
    return parked.length === 0 ? 'parked no job' : `parked: ${parked.join('; ')}`;
  } catch (error) {
    return `did not answer /metrics (${String(error)})`;
  }
}

async function createEndpoints(producer: Producer, registryTopic: string, url: string, masterKey: string): Promise<string[]> {
  const ids = Array.from({ length: ENDPOINTS }, () => `ep_${randomBytes(8).toString('hex')}`);
  const facts: EndpointCreated[] = ids.map((endpointId) => ({
    type: 'EndpointCreated',
    v: 1,
    endpointId,
    version: 1,
    at: new Date().toISOString(),
    accountId: null,
    projectId: 'proj_bench',
    scope: 'project',
    secret: sealSecret(generateEndpointSecret(), parseMasterKey(masterKey)),
    url,
    description: 'bench',
    eventTypes: ['*'],
    ...ENDPOINT_DELIVERY_DEFAULTS,
    legacySignatureHeader: 'x-webhook-signature',
  }));
  await producer.send({ topic: registryTopic, acks: -1, messages: facts.map((f) => ({ key: f.endpointId, value: JSON.stringify(f) })) });
  return ids;
}

async function sendJobs(producer: Producer, topic: string, endpointIds: string[], count: number, tag: string, stamp = false): Promise<void> {
  const batch = 1_000;
  for (let start = 0; start < count; start += batch) {
    const messages = Array.from({ length: Math.min(batch, count - start) }, () => {
      const endpointId = endpointIds[Math.floor(Math.random() * endpointIds.length)] as string;
      const messageId = `msg_${tag}_${randomUUID().slice(0, 8)}_${stamp ? Date.now() : 0}`;
      const job: DeliveryJob = {
        v: 1,
        messageId,
        endpointId,
        attempt: 1,
        eventType: 'message.delivered',
        projectId: 'proj_bench',
        data: { waId: '4915112345', status: 'delivered', filler: 'x'.repeat(400) },
        createdAt: Math.floor(Date.now() / 1000),
        dueAt: null,
        traceparent: null,
      };
      return { key: endpointId, value: JSON.stringify(job) };
    });
    await producer.send({ topic, acks: -1, messages });
  }
}

interface BenchReceiver {
  readonly url: string;
  onRequest: ((id: string, at: number) => void) | null;
  waitFor(match: (id: string) => boolean, count: number, timeoutMs: number): Promise<{ first: number; last: number }>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<BenchReceiver> {
  const seen = new Map<string, number>();
  const receiver: BenchReceiver = {
    url: '',
    onRequest: null,
    waitFor: async (match, count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const times = [...seen].filter(([id]) => match(id)).map(([, at]) => at);
        if (times.length >= count) return { first: Math.min(...times), last: Math.max(...times) };
        if (Date.now() > deadline) throw new Error(`received ${times.length} of ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const at = Date.now();
      if (!seen.has(id)) {
        seen.set(id, at);
        receiver.onRequest?.(id, at);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench` });
}

if (require.main === module) {
  runDispatchBench(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`dispatch bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

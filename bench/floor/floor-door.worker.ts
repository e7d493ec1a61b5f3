import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { serveBenchWorker } from '../e2e/bench-worker';
import { acceptedRequests, type AcceptedEvent, type FloorTopics } from './accepted-records';
import { floorEnv } from './floor-env';
import { groupCommit } from './group-commit';

/**
 * The floor bench's HTTP door, as its own process: `POST /v1/events` parses
 * the JSON, writes it to FLOOR_JOBS_TOPIC keyed by its id (with
 * FLOOR_LOG_TOPIC, an accepted fact beside it in the same request; idempotent
 * producer, acks=all) and answers 202 once the broker has it. Requests that
 * arrive in one turn of the event loop, or while a write is in flight, share
 * the next produce request (group-commit.ts); none waits for company. No key check, no dedupe, no subscription matching, no
 * transaction: the least an HTTP door that never loses an accepted event does.
 */
async function main(): Promise<void> {
  const log = process.env.FLOOR_LOG_TOPIC;
  const topics: FloorTopics = { jobs: floorEnv('FLOOR_JOBS_TOPIC'), ...(log ? { log, fanOut: Number(floorEnv('FLOOR_FAN_OUT')) } : {}) };
  const kafka = new Kafka({ clientId: 'hookline-bench-floor-door', brokers: floorEnv('FLOOR_BROKERS').split(','), logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();

  const accept = groupCommit<AcceptedEvent>(async (events) => {
    for (const topicMessages of acceptedRequests(topics, events, Date.now())) await producer.sendBatch({ acks: -1, topicMessages });
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const value = Buffer.concat(chunks);
      let id: unknown;
      try {
        id = (JSON.parse(value.toString('utf8')) as { id?: unknown }).id;
      } catch {
        id = undefined;
      }
      if (req.method !== 'POST' || req.url !== '/v1/events' || typeof id !== 'string') {
        answer(400, '{"code":"invalid_event"}');
        return;
      }
      accept([{ key: id, value }]).then(
        () => answer(202, '{"accepted":true}'),
        (error: unknown) => answer(503, JSON.stringify({ code: 'publish_failed', message: String(error) })),
      );
    });
  };

  const server = createServer({ keepAliveTimeout: 60_000 }, onRequest);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    serveBenchWorker<Record<string, never>>(
      {},
      { port },
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => void producer.disconnect().finally(resolve));
        }),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`floor door failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { chunkBySize } from '@hookline/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'undici';
import { serveBenchWorker } from '../e2e/bench-worker';
import { ENDPOINT_HEADER } from './accepted-records';
import { exitOnCrash, floorEnv } from './floor-env';
import { groupCommit } from './group-commit';
import { createSlotLimiter } from './slot-limiter';

/**
 * The floor bench's dispatcher, as its own process. It consumes
 * FLOOR_JOBS_TOPIC and POSTs each job to the endpoint its header names (with
 * none, to all FLOOR_FAN_OUT endpoints, `…/0` to `…/N-1` of
 * FLOOR_TARGET_URL), at most FLOOR_CONCURRENCY in flight per endpoint across
 * partitions. Then it writes one attempt record per delivery to
 * FLOOR_LOG_TOPIC (idempotent, acks=all; batches that finish together share a
 * request) before the batch's offset is committed. Partitions are worked side
 * by side, so one batch's write and commit overlap the next one's POSTs. No
 * signing, retries, rate limits or endpoint state.
 */
async function main(): Promise<void> {
  const target = new URL(floorEnv('FLOOR_TARGET_URL'));
  const fanOut = Number(floorEnv('FLOOR_FAN_OUT'));
  const concurrency = Number(floorEnv('FLOOR_CONCURRENCY'));
  const logTopic = floorEnv('FLOOR_LOG_TOPIC');
  const endpoints = Array.from({ length: fanOut }, (_, i) => ({
    path: target.pathname.replace(/\/\d+$/, `/${i}`),
    limit: createSlotLimiter(concurrency),
  }));
  const pool = new Pool(target.origin, { connections: concurrency * fanOut });
  const kafka = new Kafka({ clientId: 'hookline-bench-floor-dispatcher', brokers: floorEnv('FLOOR_BROKERS').split(','), logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `${floorEnv('FLOOR_JOBS_TOPIC')}-dispatcher`, maxBytesPerPartition: 1_048_576 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic: floorEnv('FLOOR_JOBS_TOPIC'), fromBeginning: true });

  const post = async (path: string, body: Buffer, id: string): Promise<number> => {
    const response = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': id }, body });
    await response.body.dump();
    return response.statusCode;
  };

  const record = groupCommit<{ readonly key: Buffer | null; readonly value: string }>(async (attempts) => {
    for (const messages of chunkBySize(attempts)) await producer.send({ topic: logTopic, acks: -1, messages });
  });
  exitOnCrash(consumer, 'dispatcher');
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      const attempts = await Promise.all(
        batch.messages.flatMap((message) => {
          const named = message.headers?.[ENDPOINT_HEADER];
          const owed = named === undefined ? endpoints.map((_, i) => i) : [Number(String(named))];
          const id = `floor-${message.key?.toString() ?? ''}-${batch.partition}-${message.offset}`;
          return owed.map(async (endpoint) => {
            const { path, limit } = endpoints[endpoint] as (typeof endpoints)[number];
            const status = message.value === null ? 0 : await limit(() => post(path, message.value as Buffer, id));
            return { key: message.key, value: `{"offset":"${message.offset}","endpoint":${endpoint},"status":${status},"at":${Date.now()}}` };
          });
        }),
      );
      // eachBatch's auto-resolve commits the batch after this: the attempts are durable first.
      if (attempts.length > 0) await record(attempts);
    },
  });

  serveBenchWorker<Record<string, never>>({}, {}, async () => {
    await consumer.disconnect();
    await producer.disconnect();
    await pool.close();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`floor dispatcher failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

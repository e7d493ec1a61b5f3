import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'undici';

/**
 * The raw baseline, as its own process: consume a topic and POST every record
 * to the receiver, nothing else — no validation, fan-out, transactions,
 * signing, facts or retries. A kafkajs consumer (eachBatch, commit per batch)
 * and an undici keep-alive pool, with at most RAW_CONCURRENCY requests in
 * flight. Spawned by raw-baseline.ts; it runs until SIGTERM.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

async function main(): Promise<void> {
  const target = new URL(env('RAW_TARGET_URL'));
  const concurrency = Number(env('RAW_CONCURRENCY'));
  const pool = new Pool(target.origin, { connections: concurrency });
  const kafka = new Kafka({ clientId: 'hookline-bench-raw', brokers: env('RAW_BROKERS').split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: env('RAW_GROUP'), maxBytesPerPartition: 1_048_576 });
  await consumer.connect();
  await consumer.subscribe({ topic: env('RAW_TOPIC'), fromBeginning: true });

  const post = async (body: Buffer, id: string): Promise<void> => {
    const response = await pool.request({
      path: target.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id },
      body,
    });
    await response.body.dump();
    if (response.statusCode < 200 || response.statusCode > 299) throw new Error(`receiver answered ${response.statusCode}`);
  };

  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      let next = 0;
      const lane = async () => {
        while (next < batch.messages.length && isRunning() && !isStale()) {
          const message = batch.messages[next++];
          if (message?.value) await post(message.value, `raw-${batch.partition}-${message.offset}`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      const last = batch.messages[batch.messages.length - 1];
      if (last !== undefined) resolveOffset(last.offset);
      await heartbeat();
    },
  });

  const stop = () => {
    void consumer
      .disconnect()
      .then(() => pool.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`raw baseline worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

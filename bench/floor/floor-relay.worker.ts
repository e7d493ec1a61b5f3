import { Kafka, logLevel } from 'kafkajs';
import { serveBenchWorker } from '../e2e/bench-worker';
import { acceptedRequests, type AcceptedEvent } from './accepted-records';
import { exitOnCrash, floorEnv } from './floor-env';
import { groupCommit } from './group-commit';

/**
 * The floor bench's Kafka door, with the design's hops: consumes
 * FLOOR_EVENTS_TOPIC and writes each batch's events to FLOOR_JOBS_TOPIC, a
 * job per endpoint (FLOOR_FAN_OUT), with an accepted fact each on FLOOR_LOG_TOPIC (one produce request, idempotent,
 * acks=all) before the batch is committed — what ingest's Kafka door does
 * (DESIGN.md), without validation, dedupe, subscription matching or the
 * transaction.
 */
async function main(): Promise<void> {
  const topics = { jobs: floorEnv('FLOOR_JOBS_TOPIC'), log: floorEnv('FLOOR_LOG_TOPIC'), fanOut: Number(floorEnv('FLOOR_FAN_OUT')) };
  const kafka = new Kafka({ clientId: 'hookline-bench-floor-relay', brokers: floorEnv('FLOOR_BROKERS').split(','), logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `${floorEnv('FLOOR_EVENTS_TOPIC')}-relay`, maxBytesPerPartition: 1_048_576 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic: floorEnv('FLOOR_EVENTS_TOPIC'), fromBeginning: true });
  const accept = groupCommit<AcceptedEvent>(async (events) => {
    for (const topicMessages of acceptedRequests(topics, events, Date.now())) await producer.sendBatch({ acks: -1, topicMessages });
  });
  exitOnCrash(consumer, 'relay');
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      const events = batch.messages.flatMap((m) => (m.value === null ? [] : [{ key: m.key?.toString() ?? m.offset, value: m.value }]));
      // Partitions' batches that arrive together share a produce request; each is committed once its request is acknowledged.
      if (events.length > 0) await accept(events);
    },
  });
  serveBenchWorker<Record<string, never>>({}, {}, async () => {
    await consumer.disconnect();
    await producer.disconnect();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`floor relay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

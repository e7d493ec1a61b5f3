import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { reportConsumerStall } from './consumer-stalls';
import { HandlerFailureStreaks } from './handler-failure-streaks';

export interface BatchContext {
  readonly topic: string;
  readonly partition: number;
  /** False once the consumer is stopping or the batch went stale after a rebalance. */
  isActive(): boolean;
  heartbeat(): Promise<void>;
  /**
   * Stops fetching this partition and returns the function that resumes it.
   * Messages after the offset the handler returns are fetched again on resume.
   */
  pause(): () => void;
}

/**
 * Handles one fetched batch of one partition and returns the offset of the
 * last message whose effect is durable (null: none yet). Only that offset is
 * resolved and committed, so a crash re-delivers everything after it.
 */
export type BatchHandler = (messages: KafkaMessage[], context: BatchContext) => Promise<string | null>;

export interface BatchConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  readonly handle: BatchHandler;
  /**
   * False when the handler commits offsets itself inside a Kafka transaction
   * (read-process-write); the consumer then only tracks its position.
   */
  readonly commitOffsets?: boolean;
  /** Only see committed transactional records; true everywhere except debugging tools. */
  readonly readCommitted?: boolean;
  readonly partitionsConsumedConcurrently?: number;
  readonly maxBytesPerPartition?: number;
  /**
   * How long the broker may hold a fetch that has no data (kafkajs default 5 s).
   * A partition resumed after a pause is fetched only with the next request,
   * so consumers that pause until a due time keep this short.
   */
  readonly maxWaitTimeInMs?: number;
  /**
   * Failures in a row of the handler on one partition's same offset after which
   * the consumer counts as stalled (consumer-stalls.ts): not ready, and the
   * process exits to be restarted. kafkajs keeps retrying meanwhile.
   */
  readonly maxHandlerFailures?: number;
}

/** Five failures at one offset take about 6 s of kafkajs' backoff (createKafka's retry settings). */
export const DEFAULT_MAX_HANDLER_FAILURES = 5;

export interface RunningConsumer {
  readonly consumer: Consumer;
  /** Waits for the batch in flight, commits, and leaves the group. */
  stop(): Promise<void>;
}

/**
 * The one consumer shape of STYLE.md: eachBatch, no auto-resolve, commit only
 * what is durable. It also watches itself: a crash kafkajs will not restart, a
 * stop nobody asked for, or a handler failing on the same offset
 * `maxHandlerFailures` times in a row is reported as a stall (docs/readiness.md).
 */
export async function startBatchConsumer(options: BatchConsumerOptions): Promise<RunningConsumer> {
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    readUncommitted: options.readCommitted === false,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
    ...(options.maxWaitTimeInMs === undefined ? {} : { maxWaitTimeInMs: options.maxWaitTimeInMs }),
    allowAutoTopicCreation: false,
    // A crashed member holds its partitions until its session expires; 10 s (kafkajs defaults to 30 s)
    // bounds how long a crash stalls them. Handlers return quickly or heartbeat, so this is safe.
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  const maxFailures = options.maxHandlerFailures ?? DEFAULT_MAX_HANDLER_FAILURES;
  const streaks = new HandlerFailureStreaks();
  let stopRequested = false;
  let lastFailure: { topic: string; partition: number; offset: string; failures: number } | null = null;
  const stalled = (cause: 'crashed' | 'stopped', error: string) =>
    reportConsumerStall({
      groupId: options.groupId,
      cause,
      topic: lastFailure?.topic ?? null,
      partition: lastFailure?.partition ?? null,
      offset: lastFailure?.offset ?? null,
      failures: lastFailure?.failures ?? 0,
      error,
    });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart && !stopRequested) stalled('crashed', payload.error.message);
  });
  consumer.on(consumer.events.STOP, () => {
    if (!stopRequested) stalled('stopped', 'the consumer stopped without being asked to');
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
  await consumer.run({
    autoCommit: options.commitOffsets !== false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isRunning, isStale, commitOffsetsIfNecessary }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      let durableUpTo: string | null;
      try {
        durableUpTo = await options.handle(batch.messages, {
          topic: batch.topic,
          partition: batch.partition,
          isActive: () => isRunning() && !isStale(),
          heartbeat,
          pause,
        });
      } catch (error) {
        const offset = batch.firstOffset() ?? batch.messages[0]?.offset ?? '0';
        const failures = streaks.failed(batch.topic, batch.partition, offset);
        lastFailure = { topic: batch.topic, partition: batch.partition, offset, failures };
        if (failures === maxFailures) {
          reportConsumerStall({
            groupId: options.groupId,
            cause: 'handler_failing',
            ...lastFailure,
            error: error instanceof Error ? error.message : String(error),
          });
        }
        throw error;
      }
      streaks.succeeded(batch.topic, batch.partition);
      if (lastFailure?.topic === batch.topic && lastFailure.partition === batch.partition) lastFailure = null;
      if (durableUpTo !== null) resolveOffset(durableUpTo);
      if (options.commitOffsets !== false) await commitOffsetsIfNecessary();
    },
  });
  return {
    consumer,
    stop: async () => {
      stopRequested = true;
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}

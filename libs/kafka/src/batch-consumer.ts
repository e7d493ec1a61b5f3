import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';

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
}

export interface RunningConsumer {
  readonly consumer: Consumer;
  /** Waits for the batch in flight, commits, and leaves the group. */
  stop(): Promise<void>;
}

/** The one consumer shape of STYLE.md: eachBatch, no auto-resolve, commit only what is durable. */
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
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
  await consumer.run({
    autoCommit: options.commitOffsets !== false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isRunning, isStale, commitOffsetsIfNecessary }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const durableUpTo = await options.handle(batch.messages, {
        topic: batch.topic,
        partition: batch.partition,
        isActive: () => isRunning() && !isStale(),
        heartbeat,
        pause,
      });
      if (durableUpTo !== null) resolveOffset(durableUpTo);
      if (options.commitOffsets !== false) await commitOffsetsIfNecessary();
    },
  });
  return {
    consumer,
    stop: async () => {
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}

import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { LivenessLimits } from './consumer-liveness';
import { kafkajsOf, type KafkaClient } from './kafka-client';
import type { ConsumedRecord, PartitionOffset } from './records';
import { consumerLivenessLimits, watchConsumerLiveness } from './consumer-liveness-watch';
import { reportConsumerStall } from './consumer-stalls';
import { positionAtOwnOffsets } from './own-offset-positioning';
import { HandlerFailureStreaks } from './handler-failure-streaks';
import { trackAssignment } from './assignment-tracking';

export interface BatchContext {
  readonly topic: string;
  readonly partition: number;
  /** False once the consumer is stopping or the batch went stale after a rebalance. */
  isActive(): boolean;
  heartbeat(): Promise<void>;
  /**
   * Stops fetching this partition and returns the function that resumes it.
   * Messages after the offset the handler returns are fetched again on resume.
   * A pause also ends when the partition is revoked: given back by a later
   * join, it is fetched (a pause kept through a join holds).
   */
  pause(): () => void;
  /**
   * The batch's last offset, transaction markers included: a transactional
   * producer's commit marker follows its last record, so a consumer whose
   * position stops at its last message never reaches the end of the log (lag
   * never 0). Once every message of the batch is taken, the position may pass this.
   */
  readonly lastOffset: string;
}

/**
 * Handles one fetched batch of one partition and returns the offset of the
 * last record whose effect is durable (null: none yet). Only that offset is
 * resolved and committed, so a crash re-delivers everything after it.
 */
export type BatchHandler = (records: ConsumedRecord[], context: BatchContext) => Promise<string | null>;

/** The kafkajs-typed handler runBatchConsumer calls (inside libs/kafka only; the port's BatchHandler is its public face). */
export type KafkajsBatchHandler = (messages: KafkaMessage[], context: BatchContext) => Promise<string | null>;

export interface BatchConsumerOptions {
  readonly kafka: KafkaClient;
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
   * Bytes a fetch waits for (up to `maxWaitTimeInMs`) before the broker answers
   * (kafkajs default 1: answer as soon as anything arrived). A consumer off the
   * delivery path raises it to take the log in fewer, larger batches: each
   * batch costs a fetch, a commit and a database transaction whatever its size.
   */
  readonly minBytes?: number;
  /**
   * Failures in a row of the handler on one partition's same offset after which
   * the consumer counts as stalled (consumer-stalls.ts): not ready, and the
   * process exits to be restarted. kafkajs keeps retrying meanwhile.
   */
  readonly maxHandlerFailures?: number;
  /**
   * When silence or a crash loop makes the consumer not ready, and when it
   * gives up (consumer-liveness.ts); the process's limits (set at boot) by default.
   */
  readonly liveness?: LivenessLimits;
  /**
   * For a consumer whose true position lives in its own store (the projector's
   * checkpoints in Postgres, written with its effects): the next offset to
   * handle in that partition. After every group join each assigned partition
   * is sought there, and its first batch waits for that (a batch fetched from
   * Kafka's committed offset before the seek is dropped as stale), so the
   * committed offset is only a hint. A failed read is retried with backoff.
   */
  readonly resumeFrom?: (topic: string, partition: number) => Promise<string>;
  /**
   * For a consumer that commits itself (commitOffsets false): a fetched batch
   * held only transaction markers (or aborted records) up to `lastOffset`, so
   * nothing is left to handle there. kafkajs never hands such a batch to the
   * handler; the consumer may move its committed position past it.
   */
  readonly onPassedWithoutMessages?: (topic: string, partition: number, lastOffset: string) => void;
}

/** Five failures at one offset take about 6 s of kafkajs' backoff (createKafka's retry settings). */
export const DEFAULT_MAX_HANDLER_FAILURES = 5;

/** How long after an unrequested STOP a CRASH may still explain it (kafkajs emits it after disconnecting, milliseconds later). */
const STOP_WITHOUT_CRASH_MS = 2_000;

/** A topic partition. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** What is left in a partition after a batch was handled (kafkajs END_BATCH_PROCESS). */
export interface BatchEnd extends TopicPartition {
  /** Records fetched in the batch (0: it held only transaction markers or aborted records). */
  readonly batchSize: number;
  /** The batch's last offset, markers included. */
  readonly lastOffset: string;
  /** Records after the batch up to the partition's end, when fetched. */
  readonly offsetLag: number;
}

/** The batch consumer port: a running group member. */
export interface BatchConsumer {
  /** Waits for the batch in flight, commits what its handler resolved (unless the consumer commits itself), and leaves the group. */
  stop(): Promise<void>;
  /** Commits input positions (the next offset to read) for this group, outside any transaction. */
  commit(offsets: readonly PartitionOffset[]): Promise<void>;
  /**
   * Told the partitions assigned to this member at every group join; a listener
   * added after a join is told that join's assignment at once. Returns the remover.
   */
  onAssigned(listener: (assigned: TopicPartition[]) => void): () => void;
  /** Told after every batch, those without messages included. Returns the remover. */
  onBatchEnd(listener: (end: BatchEnd) => void): () => void;
}

/** What runBatchConsumer returns inside libs/kafka: the port plus the kafkajs consumer (its own specs reach it). */
export interface RunningConsumer extends BatchConsumer {
  readonly consumer: Consumer;
}

/** The batch consumer port (runBatchConsumer below says what it watches): handlers see ConsumedRecords, never kafkajs. */
export async function openBatchConsumer(options: BatchConsumerOptions): Promise<BatchConsumer> {
  const { consumer: _kafkajs, ...port } = await runBatchConsumer(options, options.handle);
  return port;
}

/**
 * The one consumer shape of STYLE.md: eachBatch, no auto-resolve, commit only
 * what is durable. It also watches itself: a crash kafkajs will not restart, a
 * stop nobody asked for, or a handler failing on the same offset
 * `maxHandlerFailures` times in a row is reported as a stall (docs/readiness.md),
 * and so is one that kafkajs keeps restarting while it consumes nothing
 * (consumer-liveness.ts: not ready first, a `not_consuming` stall after the bound).
 * Exported for libs/kafka's own specs (they reach the kafkajs consumer); not from index.ts.
 */
export async function runBatchConsumer(
  options: Omit<BatchConsumerOptions, 'kafka' | 'handle'> & { readonly kafka: KafkaClient | Kafka },
  handle: KafkajsBatchHandler,
): Promise<RunningConsumer> {
  const consumer = kafkajsOf(options.kafka).consumer({
    groupId: options.groupId,
    readUncommitted: options.readCommitted === false,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
    ...(options.maxWaitTimeInMs === undefined ? {} : { maxWaitTimeInMs: options.maxWaitTimeInMs }),
    ...(options.minBytes === undefined ? {} : { minBytes: options.minBytes }),
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
  const liveness = watchConsumerLiveness(consumer, options.groupId, options.liveness ?? consumerLivenessLimits());
  const stalled = (cause: 'crashed' | 'stopped', error: string) => {
    liveness.end();
    reportConsumerStall({
      groupId: options.groupId,
      cause,
      topic: lastFailure?.topic ?? null,
      partition: lastFailure?.partition ?? null,
      offset: lastFailure?.offset ?? null,
      failures: lastFailure?.failures ?? 0,
      error,
    });
  };
  // kafkajs stops the consumer (STOP) on every crash before it says whether it will restart it (CRASH),
  // so a STOP nobody asked for is judged only once no CRASH followed it.
  let unexplainedStop: NodeJS.Timeout | undefined;
  const positioning = options.resumeFrom === undefined ? null : positionAtOwnOffsets(consumer, options.groupId, options.resumeFrom, () => stopRequested);
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    clearTimeout(unexplainedStop);
    if (!payload.restart && !stopRequested) stalled('crashed', payload.error.message);
  });
  consumer.on(consumer.events.STOP, () => {
    if (stopRequested) return;
    clearTimeout(unexplainedStop);
    unexplainedStop = setTimeout(() => {
      if (!stopRequested) stalled('stopped', 'the consumer stopped without being asked to');
    }, STOP_WITHOUT_CRASH_MS);
  });
  const passedWithoutMessages = options.onPassedWithoutMessages;
  if (passedWithoutMessages !== undefined) {
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0) passedWithoutMessages(payload.topic, payload.partition, payload.lastOffset);
    });
  }
  // Registered before run(): kafkajs joins (and emits the first GROUP_JOIN) before run() resolves.
  const assignment = trackAssignment(consumer);
  const batchEnds = new Set<(end: BatchEnd) => void>();
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const end: BatchEnd = {
      topic: payload.topic,
      partition: payload.partition,
      batchSize: payload.batchSize,
      lastOffset: payload.lastOffset,
      offsetLag: Number(payload.offsetLag),
    };
    for (const listener of batchEnds) listener(end);
  });
  try {
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
          if (positioning !== null && (await positioning.untilPositioned(batch.topic, batch.partition)) && isStale()) return;
          durableUpTo = await handle(batch.messages, {
            topic: batch.topic,
            partition: batch.partition,
            isActive: () => isRunning() && !isStale(),
            heartbeat,
            pause,
            lastOffset: batch.lastOffset(),
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
        // Markers after the last message: kafkajs resolves and auto-commits them with the next (empty) fetch.
        if (durableUpTo !== null) resolveOffset(durableUpTo);
        if (options.commitOffsets !== false) await commitOffsetsIfNecessary();
      },
    });
  } catch (error) {
    // It never ran: nothing to watch, and the caller's boot fails with this error.
    liveness.end();
    throw error;
  }
  return {
    consumer,
    commit: async (offsets) => {
      await consumer.commitOffsets(offsets.map(({ topic, partition, nextOffset }) => ({ topic, partition, offset: nextOffset })));
    },
    onAssigned: assignment.listen,
    onBatchEnd: (listener) => {
      batchEnds.add(listener);
      return () => batchEnds.delete(listener);
    },
    stop: async () => {
      stopRequested = true;
      clearTimeout(unexplainedStop);
      liveness.end();
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import { kafkajsOf, type KafkaClient } from './kafka-client';
import type { OutgoingRecord, PartitionOffset } from './records';
import { chunkBySize } from './size-chunks';
import { toTopicMessages } from './topic-messages';

/** One read-process-write step: its output and the input offsets it consumes, committed all or nothing. */
export interface TransactionalBatch {
  readonly records: readonly OutgoingRecord[];
  /** Input positions (next offset to read), committed for `consumerGroupId` in the same transaction. */
  readonly offsets: readonly PartitionOffset[];
  /** Needed when `offsets` is not empty. */
  readonly consumerGroupId?: string;
}

export interface TransactionalUnitOptions {
  readonly kafka: KafkaClient;
  /**
   * Unique per process: kafkajs predates per-partition fencing (KIP-447), and
   * correctness does not rest on fencing here: uncommitted output is invisible
   * to read-committed consumers, and the input offsets commit with it.
   */
  readonly transactionalId: string;
  /** Told when aborting a failed transaction failed too (the original error still reaches the callers). */
  readonly onAbortError?: (error: unknown) => void;
  /**
   * The least time from one EndTxn's answer to the next transaction (default
   * TRANSACTION_GAP_MS). The broker answers EndTxn before it has written the
   * commit markers; a next AddPartitionsToTxn meanwhile gets
   * CONCURRENT_TRANSACTIONS, which kafkajs answers with a metadata refresh and
   * a retry: three requests and a 5 ms backoff where a short wait costs none.
   */
  readonly gapMs?: number;
}

/** See `gapMs`. Back to back on this machine 40 transactions collided 38 times with no gap, 12 with 2 ms, 0–2 with 3 ms; at 200 events/s through the HTTP door 0.21 collisions per event became 0.06 (bench/e2e, BENCHMARKS.md). */
export const TRANSACTION_GAP_MS = 3;

/** See the producer's `transactionTimeout` below: how long a dead process's open transaction can hold readers back. */
export const TRANSACTION_TIMEOUT_MS = 15_000;

interface Waiting extends TransactionalBatch {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The transactional read-process-write port (ingest's group commit, moved
 * here). A producer runs one Kafka transaction at a time: batches submitted
 * while one is in flight all go into the next, so their output and their input
 * offsets commit atomically together, and each submitter learns the outcome;
 * the next transaction begins only after the previous EndTxn answered, so the
 * broker never answers CONCURRENT_TRANSACTIONS to our own overlap. A failed
 * transaction fails every batch in it (their consumers read them again).
 * Coordinators are looked up once, not per step (coordinator-cache.ts).
 */
export class TransactionalUnit {
  private readonly producer: Producer;
  private waiting: Waiting[] = [];
  private committing: Promise<void> | null = null;
  /** When the last transaction ended (ms): the next begins `gapMs` after it at the earliest. */
  private endedAt = 0;
  private connected: Promise<void> | undefined;

  constructor(private readonly options: TransactionalUnitOptions) {
    this.producer = kafkajsOf(options.kafka).producer({
      transactionalId: options.transactionalId,
      // A process killed mid-transaction leaves it open, and its transactional id (unique per process) is never
      // used again to abort it: until the broker times it out, read-committed readers (the dispatcher, the
      // projector) cannot read past it on the partitions it touched. kafkajs' default is 60 s; our transactions
      // take milliseconds, so 15 s bounds that stall (plus the broker's cleanup interval, 10 s by default).
      transactionTimeout: TRANSACTION_TIMEOUT_MS,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The broker answers CONCURRENT_TRANSACTIONS to the next AddPartitionsToTxn while it is still writing the
      // previous commit's markers (a millisecond or two on a healthy broker). With the client-wide 200 ms first
      // backoff every back-to-back transaction stalled ~200 ms; at 20 ms (the Java client's) one transaction in
      // fifteen still waited 20 ms at 200 events/s (bench/e2e, issue 14), so the first retry comes after 5 ms and
      // backs off from there. Retries stay unbounded, as kafkajs makes them for an idempotent producer.
      retry: { initialRetryTime: 5, retries: Number.MAX_SAFE_INTEGER },
    });
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect();
    return this.connected;
  }

  /** Waits for the transaction in flight and those queued, then disconnects. */
  async close(): Promise<void> {
    while (this.committing !== null) await this.committing;
    if (this.connected === undefined) return;
    this.connected = undefined;
    await this.producer.disconnect();
  }

  /** Resolves once the batch's records and offsets are committed (with whatever else shared its transaction). */
  commit(batch: TransactionalBatch): Promise<void> {
    if (batch.offsets.length > 0 && batch.consumerGroupId === undefined) {
      return Promise.reject(new Error('committing input offsets needs the consumer group id'));
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ ...batch, resolve, reject });
      this.committing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      const gapMs = this.options.gapMs ?? TRANSACTION_GAP_MS;
      // Since the last EndTxn answered: a transaction begun right after it would collide with its markers.
      const sinceEnd = Date.now() - this.endedAt;
      if (sinceEnd < gapMs) await sleep(gapMs - sinceEnd);
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        try {
          await this.inOneTransaction(group);
          for (const batch of group) batch.resolve();
        } catch (error) {
          for (const batch of group) batch.reject(error);
        }
        this.endedAt = Date.now();
        // What was submitted meanwhile waits out the gap too, gathering what arrives during it.
        if (this.waiting.length > 0 && gapMs > 0) await sleep(gapMs);
      }
    } finally {
      this.committing = null;
    }
  }

  private async inOneTransaction(group: readonly Waiting[]): Promise<void> {
    await this.connect();
    const records = group.flatMap((batch) => batch.records);
    const offsets = offsetsByGroup(group);
    if (records.length === 0 && offsets.size === 0) return;
    const transaction = await this.producer.transaction();
    try {
      // Bounded sends: the broker refuses a record batch over message.max.bytes (size-chunks.ts).
      for (const chunk of chunkBySize(records)) {
        await transaction.sendBatch({ acks: -1, topicMessages: toTopicMessages(chunk) });
      }
      for (const [consumerGroupId, topics] of offsets) {
        await transaction.sendOffsets({ consumerGroupId, topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) });
      }
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch((abortError: unknown) => this.options.onAbortError?.(abortError));
      throw error;
    }
  }
}

/** group id → topic → partitions with their offsets; a partition named twice keeps the furthest offset. */
export function offsetsByGroup(batches: readonly TransactionalBatch[]): Map<string, Map<string, Array<{ partition: number; offset: string }>>> {
  const furthest = new Map<string, Map<string, Map<number, bigint>>>();
  for (const batch of batches) {
    if (batch.consumerGroupId === undefined) continue;
    const topics = furthest.get(batch.consumerGroupId) ?? new Map<string, Map<number, bigint>>();
    furthest.set(batch.consumerGroupId, topics);
    for (const { topic, partition, nextOffset } of batch.offsets) {
      const partitions = topics.get(topic) ?? new Map<number, bigint>();
      topics.set(topic, partitions);
      const next = BigInt(nextOffset);
      const before = partitions.get(partition);
      if (before === undefined || next > before) partitions.set(partition, next);
    }
  }
  return new Map(
    [...furthest].map(([groupId, topics]) => [
      groupId,
      new Map([...topics].map(([topic, partitions]) => [topic, [...partitions].map(([partition, offset]) => ({ partition, offset: offset.toString() }))])),
    ]),
  );
}

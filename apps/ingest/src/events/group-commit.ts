import type { Producer } from 'kafkajs';
import { chunkBySize, toTopicMessages } from '@hookline/kafka';
import type { OutgoingRecord } from './event-batch';

/** One partition batch's output and the input offset it consumes up to (exclusive). */
export interface BatchOutput {
  readonly records: readonly OutgoingRecord[];
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

interface Waiting extends BatchOutput {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for ingest's read-process-write. A producer runs one Kafka
 * transaction at a time, so committing each partition batch on its own made
 * batches queue behind each other (bench/e2e: events waited p50 ~260 ms for
 * other partitions' commits). Batches submitted while a transaction is in
 * flight all go into the next one: their output and all their input offsets
 * commit atomically together, and each submitter learns the outcome. A failed
 * transaction fails every batch in it; the consumer reads them again.
 */
export class GroupCommitter {
  private waiting: Waiting[] = [];
  private committing = false;

  constructor(
    private readonly producer: Producer,
    private readonly consumerGroupId: string,
    private readonly onAbortError: (error: unknown) => void,
  ) {}

  submit(output: BatchOutput): Promise<void> {
    return this.submitAll([output]);
  }

  /** Outputs that belong together (one fetch cycle, cycle-gather.ts): they always share one transaction. */
  submitAll(outputs: readonly BatchOutput[]): Promise<void> {
    const settled = outputs.map((output) => new Promise<void>((resolve, reject) => this.waiting.push({ ...output, resolve, reject })));
    if (!this.committing) void this.drain();
    return Promise.all(settled).then(() => undefined);
  }

  private async drain(): Promise<void> {
    this.committing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        try {
          await this.commit(group);
          for (const batch of group) batch.resolve();
        } catch (error) {
          for (const batch of group) batch.reject(error);
        }
      }
    } finally {
      this.committing = false;
    }
  }

  private async commit(group: readonly Waiting[]): Promise<void> {
    const transaction = await this.producer.transaction();
    try {
      for (const chunk of chunkBySize(group.flatMap((batch) => batch.records))) {
        await transaction.sendBatch({ acks: -1, topicMessages: toTopicMessages(chunk) });
      }
      const offsets = new Map<string, Array<{ partition: number; offset: string }>>();
      for (const batch of group) {
        offsets.set(batch.topic, [...(offsets.get(batch.topic) ?? []), { partition: batch.partition, offset: batch.nextOffset }]);
      }
      await transaction.sendOffsets({
        consumerGroupId: this.consumerGroupId,
        topics: [...offsets].map(([topic, partitions]) => ({ topic, partitions })),
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(this.onAbortError);
      throw error;
    }
  }
}

import type { Producer } from 'kafkajs';
import { chunkBySize, toTopicMessages } from '@hookline/kafka';

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

interface Pending {
  readonly records: readonly OutgoingRecord[];
  resolve(): void;
  reject(error: unknown): void;
}

const MAX_RECORDS_PER_SEND = 1000;

/**
 * Writes attempt facts, retry jobs and parked jobs with acks=all, coalescing
 * whatever arrives while a send is in flight into the next send. Callers'
 * records stay in call order (one idempotent producer, one request at a time),
 * so facts of one endpoint keep their order on its partition.
 */
export class RecordWriter {
  private readonly queue: Pending[] = [];
  private sending = false;

  constructor(private readonly producer: Producer) {}

  write(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch: Pending[] = [];
        let count = 0;
        while (this.queue.length > 0 && (batch.length === 0 || count + (this.queue[0] as Pending).records.length <= MAX_RECORDS_PER_SEND)) {
          const next = this.queue.shift() as Pending;
          batch.push(next);
          count += next.records.length;
        }
        try {
          // Bounded by bytes too: attempt facts carry up to 64 KiB of response body each.
          for (const chunk of chunkBySize(batch.flatMap((p) => p.records))) {
            await this.producer.sendBatch({ acks: -1, topicMessages: toTopicMessages(chunk) });
          }
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}

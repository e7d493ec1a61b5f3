import { Partitioners, type Producer } from 'kafkajs';
import { kafkajsOf, type KafkaClient } from './kafka-client';
import { positionsOf, shardOf } from './record-positions';
import type { OutgoingRecord, RecordPosition } from './records';
import { chunkBySize } from './size-chunks';

export interface RecordWriterOptions {
  readonly kafka: KafkaClient;
  /**
   * Idempotent producers writing side by side. kafkajs lets an idempotent
   * producer have one request in flight; keys are spread over the shards
   * (same key → same shard), so a key keeps its order while N requests fly.
   */
  readonly shards?: number;
  /**
   * How long a shard waits after the first record before sending, to gather
   * other callers' (default 1 ms). A writer nobody waits on lingers longer:
   * fewer, larger requests; an urgent write cuts the linger short.
   */
  readonly lingerMs?: number;
  readonly maxRecordsPerSend?: number;
}

export interface WriteOptions {
  readonly urgent?: boolean;
}

interface Pending {
  readonly records: readonly OutgoingRecord[];
  resolve(positions: RecordPosition[]): void;
  reject(error: unknown): void;
}

interface Message {
  readonly key: string;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
}

/** One idempotent producer and the callers' records waiting for its next request. */
class Shard {
  private readonly queue: Pending[] = [];
  private sending = false;
  private lingering: NodeJS.Timeout | null = null;
  private readonly partitionOf = new WeakMap<object, number>();
  private producer: Producer;
  /** The current producer's connect, once asked for; a send waits for it. */
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly lingerMs: number,
    private readonly maxRecords: number,
  ) {
    this.producer = this.newProducer();
  }

  connect(): Promise<void> {
    this.connecting ??= this.producer.connect();
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    this.connecting = null;
    await this.producer.disconnect();
  }

  private newProducer(): Producer {
    const partitionOf = this.partitionOf;
    return kafkajsOf(this.kafka).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The default (murmur2) partitioner, noting where each message went so a caller learns its position.
      createPartitioner: () => {
        const choose = Partitioners.DefaultPartitioner();
        return (args) => {
          const partition = choose(args);
          partitionOf.set(args.message, partition);
          return partition;
        };
      },
    });
  }

  /**
   * A request that failed after kafkajs' retries may have been written all
   * the same (the broker took it, the answer was lost). kafkajs then gives the
   * next request the same sequence numbers, and the broker either drops it as
   * a duplicate of the one it has (records lost, the caller told they were
   * written) or refuses every request after it. A new producer gets a new
   * producer id, whose sequences start afresh; the old one is closed.
   */
  private renewProducer(): void {
    if (this.connecting === null) return; // never connected, or disconnected: nothing to renew
    const failed = this.producer;
    this.producer = this.newProducer();
    this.connecting = this.producer.connect();
    this.connecting.catch(() => undefined); // the next send awaits it and fails with its error
    void failed.disconnect().catch(() => undefined);
  }

  enqueue(pending: Pending, urgent: boolean): void {
    this.queue.push(pending);
    // While a request flies, what is queued goes with the next one, the moment it answers.
    if (this.sending) return;
    if (urgent) return this.sendNow();
    if (this.lingering !== null) return;
    this.lingering = setTimeout(() => {
      this.lingering = null;
      void this.drain();
    }, this.lingerMs);
  }

  /** Ends the linger: what is queued goes now (or with the next request, if one flies). */
  sendNow(): void {
    if (this.sending || this.queue.length === 0) return;
    if (this.lingering !== null) clearTimeout(this.lingering);
    this.lingering = null;
    void this.drain();
  }

  /** Sends what is queued, one request at a time; what arrives meanwhile has waited long enough and goes next. */
  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        try {
          const positions = await this.send(batch.flatMap((p) => p.records));
          let at = 0;
          for (const pending of batch) {
            pending.resolve(positions.slice(at, at + pending.records.length));
            at += pending.records.length;
          }
        } catch (error) {
          for (const pending of batch) pending.reject(error);
          this.renewProducer();
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private take(): Pending[] {
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as Pending;
      if (batch.length > 0 && count + next.records.length > this.maxRecords) break;
      batch.push(next);
      count += next.records.length;
      this.queue.shift();
    }
    return batch;
  }

  private async send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
    if (this.connecting !== null) await this.connecting;
    const positions: RecordPosition[] = [];
    // Bounded by bytes too: attempt facts carry up to 64 KiB of response body each (size-chunks.ts).
    for (const chunk of chunkBySize(records)) {
      const messages: Array<{ topic: string; message: Message }> = chunk.map((r) => ({
        topic: r.topic,
        message: r.headers === undefined ? { key: r.key, value: r.value } : { key: r.key, value: r.value, headers: r.headers },
      }));
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of messages) {
        const list = byTopic.get(topic) ?? [];
        list.push(message);
        byTopic.set(topic, list);
      }
      const acks = await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })) });
      positions.push(
        ...positionsOf(
          messages.map(({ topic, message }) => ({ topic, partition: this.partitionOf.get(message) ?? -1 })),
          acks,
        ),
      );
    }
    return positions;
  }
}

/**
 * The ordered record writer port: acks=all writes, gathered over about a
 * millisecond and spread over several idempotent producers by key, so many
 * requests fly while each key keeps its order (records of one key land in the
 * order `write` was called). Resolves with each record's position, in the
 * caller's order. A failed request fails every caller in it; nothing is retried
 * behind the caller's back beyond kafkajs' own idempotent retries, and the
 * shard goes on with a new producer (see `renewProducer`).
 */
export class OrderedRecordWriter {
  private readonly shards: Shard[];
  private connected: Promise<unknown> | undefined;

  constructor(options: RecordWriterOptions) {
    const count = Math.max(1, options.shards ?? 4);
    this.shards = Array.from({ length: count }, () => new Shard(options.kafka, options.lingerMs ?? 1, options.maxRecordsPerSend ?? 1000));
  }

  connect(): Promise<void> {
    this.connected ??= Promise.all(this.shards.map((shard) => shard.connect()));
    return this.connected.then(() => undefined);
  }

  async disconnect(): Promise<void> {
    if (this.connected === undefined) return;
    this.connected = undefined;
    await Promise.all(this.shards.map((shard) => shard.disconnect()));
  }

  /** Someone now waits on what lingers: every shard sends what it holds without waiting out the linger. */
  flush(): void {
    for (const shard of this.shards) shard.sendNow();
  }

  /**
   * `urgent`: someone waits on this write before going on (a fifo endpoint's
   * next request, a disable): the shard sends at once, with whatever lingers,
   * instead of waiting out the linger.
   */
  async write(records: readonly OutgoingRecord[], options: WriteOptions = {}): Promise<RecordPosition[]> {
    if (records.length === 0) return [];
    const parts = new Map<number, Array<{ index: number; record: OutgoingRecord }>>();
    records.forEach((record, index) => {
      const shard = shardOf(record.key, this.shards.length);
      const part = parts.get(shard) ?? [];
      part.push({ index, record });
      parts.set(shard, part);
    });
    const positions: RecordPosition[] = new Array<RecordPosition>(records.length);
    await Promise.all(
      [...parts].map(async ([shard, part]) => {
        const written = await new Promise<RecordPosition[]>((resolve, reject) => {
          (this.shards[shard] as Shard).enqueue({ records: part.map((p) => p.record), resolve, reject }, options.urgent === true);
        });
        part.forEach(({ index }, i) => {
          positions[index] = written[i] as RecordPosition;
        });
      }),
    );
    return positions;
  }
}

import { metrics, type ObservableResult } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import type { KafkaAdmin } from '@hookline/kafka';
import { checkpointKey, readCheckpoints } from '@hookline/persistence';

interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  facts: number;
  /** Kafka timestamp (ms) of the oldest record we know is not projected yet, when we know one. */
  pendingSince: number | null;
  /** When a poll first saw this partition behind; the fallback when no record was seen yet. */
  behindSince: number | null;
  lastProjected: number | null;
}

/**
 * Projector lag per partition, on /metrics as
 * `hookline_projector_lag_facts` and `hookline_projector_lag_seconds`.
 *
 * Facts: end of the log minus the checkpoint, polled; the group's committed
 * offset counts too, because kafkajs commits past transaction markers that no
 * checkpoint ever covers (they are not facts). Seconds: age of the oldest
 * unprojected record — exact while a batch is being projected (its first
 * record); between batches of a backlog, the last projected record's time
 * (the next one is no older); otherwise how long polls have seen the
 * partition behind (an idle partition that just got a record).
 */
export class ProjectionLag {
  private readonly partitions = new Map<string, PartitionLag>();

  constructor() {
    const meter = metrics.getMeter('hookline-projector');
    meter
      .createObservableGauge('hookline_projector_lag_facts', { description: 'Facts in the topic not yet projected, per partition' })
      .addCallback((result) => this.observe(result, (p) => p.facts));
    meter
      .createObservableGauge('hookline_projector_lag_seconds', { description: 'Age of the oldest fact not yet projected, per partition', unit: 's' })
      .addCallback((result) => this.observe(result, (p) => this.seconds(p, Date.now())));
  }

  /** A batch is about to be projected; its first record is the oldest pending one. */
  batchStarted(topic: string, partition: number, firstTimestamp: number): void {
    this.entry(topic, partition).pendingSince ??= firstTimestamp;
  }

  /** The batch is durable up to a record with this timestamp. */
  batchProjected(topic: string, partition: number, lastTimestamp: number | null): void {
    this.entry(topic, partition).lastProjected = lastTimestamp;
  }

  /** From the consumer's batch end: what is left after the batch; the next record is no older than the last projected one. */
  batchEnded(topic: string, partition: number, offsetLag: number): void {
    const entry = this.entry(topic, partition);
    entry.facts = Math.max(0, offsetLag);
    entry.pendingSince = entry.facts > 0 ? entry.lastProjected : null;
    if (entry.facts === 0) entry.behindSince = null;
  }

  async poll(db: DataSource, admin: KafkaAdmin, groupId: string, topics: readonly string[]): Promise<void> {
    const checkpoints = await readCheckpoints(db.manager);
    const committed = await admin.groupOffsets(groupId, topics);
    for (const topic of topics) {
      const ends = await admin.endOffsets(topic);
      const groupOffsets = committed.get(topic);
      for (const [partition, high] of ends) {
        const checkpoint = checkpoints.get(checkpointKey(topic, partition)) ?? 0n;
        const groupOffset = BigInt(groupOffsets?.get(partition) ?? '-1');
        const position = groupOffset > checkpoint ? groupOffset : checkpoint;
        const facts = high > position ? Number(high - position) : 0;
        const entry = this.entry(topic, partition);
        entry.facts = facts;
        if (facts === 0) {
          entry.pendingSince = null;
          entry.behindSince = null;
        } else {
          entry.behindSince ??= Date.now();
        }
      }
    }
  }

  seconds(entry: PartitionLag, now: number): number {
    if (entry.facts === 0) return 0;
    const since = entry.pendingSince ?? entry.behindSince ?? now;
    return Math.max(0, (now - since) / 1000);
  }

  private observe(result: ObservableResult, value: (p: PartitionLag) => number): void {
    for (const p of this.partitions.values()) result.observe(value(p), { topic: p.topic, partition: String(p.partition) });
  }

  private entry(topic: string, partition: number): PartitionLag {
    const key = checkpointKey(topic, partition);
    let entry = this.partitions.get(key);
    if (entry === undefined) {
      entry = { topic, partition, facts: 0, pendingSince: null, behindSince: null, lastProjected: null };
      this.partitions.set(key, entry);
    }
    return entry;
  }
}

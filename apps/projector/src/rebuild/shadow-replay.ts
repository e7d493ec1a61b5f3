import type { DataSource } from 'typeorm';
import { onConsumerStall, openBatchConsumer, type BatchConsumer, type ConsumerStall, type KafkaClient } from '@hookline/kafka';
import { checkpointKey, readCheckpoints } from '@hookline/persistence';
import { projectBatch, type ProjectedTopics } from '../projection/projection-batch';

/**
 * Replays `registry` and `delivery-log` from offset 0 into the shadow schema
 * with the live projection code, but only up to per-partition limits: a
 * partition that reaches its limit pauses until the limit moves. That lets the
 * rebuild stop at exactly the live checkpoints, so the two can be compared
 * row for row and swapped without a gap or an overlap.
 */
export class ShadowReplay {
  private limits = new Map<string, bigint>();
  private readonly paused = new Map<string, () => void>();
  private running: BatchConsumer | undefined;
  private stall: ConsumerStall | null = null;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly shadow: DataSource,
    private readonly topics: ProjectedTopics,
    private readonly groupId: string,
  ) {}

  async start(limits: Map<string, bigint>): Promise<void> {
    this.limits = limits;
    // A replay that stopped consuming fails the rebuild instead of waiting out the hour.
    this.unsubscribe = onConsumerStall((stall) => {
      if (stall.groupId === this.groupId) this.stall = stall;
    });
    this.running = await openBatchConsumer({
      kafka: this.kafka,
      groupId: this.groupId,
      topics: [this.topics.registry, this.topics.deliveryLog],
      fromBeginning: true,
      // The shadow's checkpoints are the position; a throwaway group keeps none.
      commitOffsets: false,
      maxBytesPerPartition: 4 * 1_048_576,
      handle: async (messages, batch) => {
        const key = checkpointKey(batch.topic, batch.partition);
        const limit = this.limits.get(key) ?? 0n;
        const result = await projectBatch(this.shadow, this.topics, batch.topic, batch.partition, messages, { fenced: false, limit });
        const last = messages[messages.length - 1];
        if (last !== undefined && BigInt(last.offset) >= limit - 1n && !this.paused.has(key)) this.paused.set(key, batch.pause());
        return result.durableUpTo;
      },
    });
  }

  /** Moves the limits and resumes the partitions that may go further. */
  setLimits(limits: Map<string, bigint>): void {
    this.limits = limits;
    for (const [key, resume] of [...this.paused]) {
      this.paused.delete(key);
      resume();
    }
  }

  /** Resolves once every shadow checkpoint reached its target. */
  async waitUntil(targets: Map<string, bigint>, progress: (behind: number) => void, timeoutMs = 3_600_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let round = 0; ; round += 1) {
      const reached = await readCheckpoints(this.shadow.manager);
      let behind = 0;
      for (const [key, target] of targets) {
        const at = reached.get(key) ?? 0n;
        if (at < target) behind += Number(target - at);
      }
      if (behind === 0) return;
      if (this.stall !== null) {
        const { cause, topic, partition, offset, error } = this.stall;
        throw new Error(`the replay stopped consuming (${cause}) at ${topic}[${partition}]@${offset}: ${error}`);
      }
      if (round % 20 === 0) progress(behind);
      if (Date.now() > deadline) throw new Error(`the replay is still ${behind} facts behind after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.running?.stop();
    this.running = undefined;
  }
}

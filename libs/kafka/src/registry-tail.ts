import { randomUUID } from 'node:crypto';
import { REGISTRY_FACT_TYPES, type RegistryFact } from '@hookline/contracts';
import { RegistryView } from '@hookline/domain';
import { JsonLogger } from '@hookline/telemetry';
import { KafkaAdmin } from './admin-port';
import { openBatchConsumer, type BatchConsumer } from './batch-consumer';
import type { KafkaClient } from './kafka-client';
import type { ConsumedRecord } from './records';

/**
 * Builds the in-memory RegistryView by reading `registry` from offset 0, then
 * keeps following it. Each process uses a throwaway consumer group (kafkajs
 * has no manual assignment) and deletes it on stop.
 *
 * "Caught up" means: the view has applied every fact up to the end offsets
 * sampled when asked. `waitUntilCurrent()` samples the ends now and waits, so
 * a caller that got a 2xx for an endpoint before producing an event is
 * guaranteed to see the endpoint once the wait returns. Callers share samples
 * (one ListOffsets each): every caller waits for the next sample that starts
 * after it called, so the batches of four partitions arriving together cost one
 * request, not four.
 */
export class RegistryTail {
  readonly view = new RegistryView();
  private readonly applied = new Map<number, bigint>(); // partition → next offset to apply
  private readonly waiters = new Set<() => void>();
  private running: BatchConsumer | undefined;
  private admin: KafkaAdmin | undefined;
  /** A sample not sent yet: every caller until it is sent shares it. */
  private nextSample: Promise<Map<number, bigint>> | null = null;
  /** The sample in flight; the next one is sent only after it answered. */
  private sampling: Promise<unknown> | null = null;
  private readonly groupId: string;
  private caughtUpOnce = false;
  private readonly logger = new JsonLogger('registry-view');

  constructor(
    private readonly kafka: KafkaClient,
    private readonly topic: string,
    purpose: string,
  ) {
    this.groupId = `hookline-${purpose}-view-${randomUUID()}`;
  }

  async start(): Promise<void> {
    this.admin = new KafkaAdmin(this.kafka);
    await this.admin.connect();
    this.running = await openBatchConsumer({
      kafka: this.kafka,
      groupId: this.groupId,
      topics: [this.topic],
      fromBeginning: true,
      commitOffsets: false,
      handle: async (messages, { partition }) => {
        for (const message of messages) this.applyRecord(partition, message);
        const last = messages[messages.length - 1]?.offset ?? null;
        if (last !== null) {
          this.applied.set(partition, BigInt(last) + 1n);
          for (const wake of this.waiters) wake();
        }
        return last;
      },
    });
    await this.waitUntilCurrent(120_000);
    this.caughtUpOnce = true;
  }

  /** For /readyz: the view caught up with the log as it was at start-up. */
  isCaughtUp(): boolean {
    return this.caughtUpOnce;
  }

  /** Resolves once the view has applied every fact that existed when called. */
  async waitUntilCurrent(timeoutMs = 10_000): Promise<void> {
    const ends = await this.freshEndOffsets();
    const current = () => [...ends].every(([partition, end]) => (this.applied.get(partition) ?? 0n) >= end);
    if (current()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`registry view did not catch up within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!current()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /**
   * A record that is not a registry fact is skipped with a warning, as the
   * projector quarantines it: otherwise every ingest and dispatcher process
   * would fail on it at start-up, for ever (issue 10).
   */
  private applyRecord(partition: number, message: ConsumedRecord): void {
    let fact: unknown;
    try {
      fact = message.value === null ? null : JSON.parse(message.value.toString('utf8'));
    } catch {
      fact = null; // reported below with the other undecodable records
    }
    const type = typeof fact === 'object' && fact !== null && 'type' in fact ? fact.type : undefined;
    if (typeof type !== 'string' || !REGISTRY_FACT_TYPES.has(type as RegistryFact['type'])) {
      this.logger.event('warn', 'registry record skipped: not a registry fact', { topic: this.topic, partition, offset: message.offset });
      return;
    }
    this.view.apply(fact as RegistryFact);
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
    const admin = this.admin;
    this.admin = undefined;
    if (admin === undefined) return;
    // Best effort: a throwaway group that cannot be deleted now expires with offsets.retention.
    await admin.deleteGroups([this.groupId]).catch(() => undefined);
    await admin.disconnect();
  }

  /** End offsets from a sample sent after this call: the pending one if not sent yet, else the one after the sample in flight. */
  private freshEndOffsets(): Promise<Map<number, bigint>> {
    this.nextSample ??= (async () => {
      // One request at a time; callers of the same tick (and all arriving while one flies) share the next.
      await this.sampling?.catch(() => undefined);
      this.nextSample = null;
      const admin = this.admin;
      if (admin === undefined) throw new Error('registry tail is not started');
      const sample = admin.endOffsets(this.topic);
      this.sampling = sample;
      try {
        return await sample;
      } finally {
        if (this.sampling === sample) this.sampling = null;
      }
    })();
    return this.nextSample;
  }
}

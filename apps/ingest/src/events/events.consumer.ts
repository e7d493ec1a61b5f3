import { hostname } from 'node:os';
import { Controller, Inject, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { topicNames, type TopicNames } from '@hookline/contracts';
import { EventSchemaValidators } from '@hookline/domain';
import {
  createKafka,
  KafkaSubscriptions,
  RegistryTail,
  TransactionalUnit,
  type ConsumedBatch,
  type ConsumedRecord,
  type OutgoingRecord,
  type Subscription,
} from '@hookline/kafka';
import { claimMessageIds, releaseDedupeClaims } from '@hookline/persistence/dedupe';
import { Readiness } from '@hookline/telemetry';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';
import { decideBatch } from './batch-decision';
import { ClaimCoalescer } from './claim-coalescer';
import { CycleGather } from './cycle-gather';
import { batchOutput, classify } from './event-batch';
import { countOutcome } from './ingest-metrics';
import { tracedFanOut } from './traced-fan-out';

/** The transport pattern of the events consumer (libs/kafka/src/transport). */
export const EVENTS_PATTERN = 'ingest-events';

/** One partition batch's output and the input offset it consumes up to (exclusive). */
interface BatchOutput {
  readonly records: readonly OutgoingRecord[];
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

/**
 * Consumes `events` and writes the fan-out. Jobs, MessageAccepted facts, dead
 * letters and the input offsets commit in one Kafka transaction: a crash
 * anywhere either loses the batch's output together with its offset (the
 * batch is read again and, being deterministic, yields the same messages) or
 * keeps both. The handler resolves with the batch's last offset only once its
 * transaction committed; the subscription commits nothing itself.
 */
@Controller()
export class EventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventsConsumer.name);
  private readonly tracer = trace.getTracer('hookline-ingest');
  private readonly schemas = new EventSchemaValidators();
  private readonly topics: TopicNames;
  private readonly groupId: string;
  private readonly unit: TransactionalUnit;
  private readonly subscription: Subscription;
  /** The batches of one fetch cycle go to the transactional unit together (cycle-gather.ts). */
  private readonly gather = new CycleGather<BatchOutput>(
    (outputs) =>
      this.unit.commit({
        records: outputs.flatMap((output) => output.records),
        offsets: outputs.map(({ topic, partition, nextOffset }) => ({ topic, partition, nextOffset })),
        consumerGroupId: this.groupId,
      }),
    // Catching up, a batch's output is several sends' worth: sending it while the rest prepare beats waiting (cycle-gather.ts).
    { sizeOf: (output) => output.records.reduce((bytes, record) => bytes + Buffer.byteLength(record.value), 0), flushEarlyAt: 1024 * 1024 },
  );

  /** The partition batches' dedupe claims, one statement at a time (claim-coalescer.ts). */
  private readonly claims: ClaimCoalescer;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly registry: RegistryTail,
    private readonly db: DataSource,
    readiness: Readiness,
    subscriptions: KafkaSubscriptions,
  ) {
    this.claims = new ClaimCoalescer((claims, now) => claimMessageIds(db, claims, config.dedupeWindowMs, now));
    this.topics = topicNames(config.topicPrefix);
    this.groupId = `${config.topicPrefix}ingest`;
    this.unit = new TransactionalUnit({
      kafka: createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-ingest' }),
      // Unique per process: kafkajs predates per-partition fencing (KIP-447), and correctness does not rest on
      // fencing here: uncommitted output is invisible to read-committed consumers, and the input offset commits with it.
      transactionalId: `${this.groupId}-${hostname()}-${process.pid}`,
      onAbortError: (error) => this.logger.error(error),
      // Nobody waits on a Kafka-door event's answer, so its transactions gather longer than the HTTP door's (3 ms):
      // at 1,000 events/s, 1.01 Kafka requests per delivery with 3 ms, 0.90 with 5, 0.74 with 8 (p50 19 → 26 ms).
      gapMs: 8,
    });
    this.subscription = subscriptions.define(EVENTS_PATTERN, {
      groupId: this.groupId,
      topics: [this.topics.events],
      fromBeginning: true,
      // Offsets commit inside the output transaction, never by the consumer.
      commitOffsets: false,
      // Partitions are processed side by side; the batches of one fetch share a transaction (CycleGather).
      partitionsConsumedConcurrently: config.partitionsConcurrently,
    });
    readiness.register('consumer', () => this.subscription.isRunning());
  }

  // The transport starts the consumer after the bootstrap hooks: the unit is connected before the first batch.
  async onApplicationBootstrap(): Promise<void> {
    await this.unit.connect();
  }

  // The transport stopped the consumer before any shutdown hook: no batch is left to commit.
  async onApplicationShutdown(): Promise<void> {
    await this.unit.close();
  }

  @EventPattern(EVENTS_PATTERN)
  handle(@Payload() batch: ConsumedBatch): Promise<string | null> {
    return this.fanOut(batch.topic, batch.partition, batch.records);
  }

  private async fanOut(topic: string, partition: number, messages: readonly ConsumedRecord[]): Promise<string | null> {
    const last = messages[messages.length - 1];
    if (last === undefined) return null;
    // Until this batch submits (or fails), the cycle's other batches wait for it: one transaction per cycle.
    const ticket = this.gather.enter();
    try {
      const now = new Date();
      const source = { topic, partition };
      const view = this.registry.view;
      const { classified, duplicates } = await decideBatch({
        source,
        viewVersion: () => view.version,
        classify: () => classify(source, messages, view, this.schemas, { maxBytes: this.config.maxEventBytes }),
        // An endpoint acknowledged before these events were produced must receive them.
        waitUntilCurrent: () => this.registry.waitUntilCurrent(),
        claim: (claims) => this.claims.claim(claims, now),
        release: (claims) => releaseDedupeClaims(this.db, claims),
      });
      const { records, outcomes } = batchOutput(
        source,
        classified,
        (item) => duplicates.has(item.message),
        (item) => tracedFanOut(this.tracer, item, this.registry.view, this.topics, now),
        this.topics,
        now,
      );
      for (const outcome of outcomes) {
        countOutcome(outcome);
        // A bug met by one record: dead-lettered so the partition moves on, and said out loud.
        if (outcome.kind === 'rejected' && outcome.reason === 'internal_error') {
          this.logger.error(`dead-lettered ${topic}[${partition}]@${outcome.offset} as internal_error: ${outcome.detail}`);
        }
      }
      await ticket.submit({ records, topic, partition, nextOffset: (BigInt(last.offset) + 1n).toString() });
      return last.offset;
    } finally {
      ticket.leave();
    }
  }
}

import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind, trace } from '@opentelemetry/api';
import type { KafkaMessage, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { topicNames, type TopicNames } from '@hookline/contracts';
import { EventSchemaValidators } from '@hookline/domain';
import { createKafka, RegistryTail, startBatchConsumer, type RunningConsumer } from '@hookline/kafka';
import { findDuplicates, releaseDedupeClaims } from '@hookline/persistence';
import { contextFromTraceparent, Readiness, traceparentOf } from '@hookline/telemetry';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';
import { decideBatch } from './batch-decision';
import { CycleGather } from './cycle-gather';
import { batchOutput, classify, fanOutRecords, type AdmittedEvent, type OutgoingRecord } from './event-batch';
import { GroupCommitter, type BatchOutput } from './group-commit';
import { countOutcome } from './ingest-metrics';

/**
 * Consumes `events` and writes the fan-out. Jobs, MessageAccepted facts, dead
 * letters and the input offsets commit in one Kafka transaction: a crash
 * anywhere either loses the batch's output together with its offset (the
 * batch is read again and, being deterministic, yields the same messages) or
 * keeps both.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventsConsumer.name);
  private readonly tracer = trace.getTracer('hookline-ingest');
  private readonly schemas = new EventSchemaValidators();
  private readonly topics: TopicNames;
  private readonly groupId: string;
  private producer: Producer | undefined;
  private committer: GroupCommitter | undefined;
  /** The batches of one fetch cycle go to the committer together (cycle-gather.ts). */
  private readonly gather = new CycleGather<BatchOutput>(
    (outputs) => {
      if (this.committer === undefined) return Promise.reject(new Error('ingest committer is not ready'));
      return this.committer.submitAll(outputs);
    },
    // Catching up, a batch's output is several sends' worth: sending it while the rest prepare beats waiting (cycle-gather.ts).
    { sizeOf: (output) => output.records.reduce((bytes, record) => bytes + record.value.length, 0), flushEarlyAt: 1024 * 1024 },
  );
  private running: RunningConsumer | undefined;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly registry: RegistryTail,
    private readonly db: DataSource,
    readiness: Readiness,
  ) {
    this.topics = topicNames(config.topicPrefix);
    this.groupId = `${config.topicPrefix}ingest`;
    readiness.register('consumer', () => this.running !== undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ brokers: this.config.kafkaBrokers, clientId: 'hookline-ingest' });
    this.producer = kafka.producer({
      // Unique per process: kafkajs predates per-partition fencing (KIP-447), and
      // correctness does not rest on fencing here: uncommitted output is invisible
      // to read-committed consumers, and the input offset commits with it.
      transactionalId: `${this.groupId}-${hostname()}-${process.pid}`,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The broker answers CONCURRENT_TRANSACTIONS to the next batch's AddPartitionsToTxn while it is still
      // writing the previous commit's markers, i.e. on nearly every back-to-back batch; with the client-wide
      // 200 ms first backoff, ingest stalled ~200 ms per batch (bench/e2e). The Java client retries this after
      // 20 ms too. Retries stay unbounded, as kafkajs makes them for an idempotent producer.
      retry: { initialRetryTime: 20, retries: Number.MAX_SAFE_INTEGER },
    });
    await this.producer.connect();
    this.committer = new GroupCommitter(this.producer, this.groupId, (error) => this.logger.error(error));
    this.running = await startBatchConsumer({
      kafka,
      groupId: this.groupId,
      topics: [this.topics.events],
      fromBeginning: true,
      commitOffsets: false,
      // Partitions are processed side by side; their batches share transactions (GroupCommitter).
      partitionsConsumedConcurrently: this.config.partitionsConcurrently,
      handle: (messages, batch) => this.fanOut(batch.topic, batch.partition, messages),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
    await this.producer?.disconnect();
  }

  private async fanOut(topic: string, partition: number, messages: KafkaMessage[]): Promise<string | null> {
    const last = messages[messages.length - 1];
    if (last === undefined || this.producer === undefined) return null;
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
        claim: (claims) => findDuplicates(this.db, claims, this.config.dedupeWindowMs, now),
        release: (claims) => releaseDedupeClaims(this.db, claims),
      });
      const { records, outcomes } = batchOutput(source, classified, (item) => duplicates.has(item.message), (item) => this.traced(item, now), this.topics, now);
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

  /** Fan-out inside an ingest span that continues the producer's trace; jobs carry this span's context. */
  private traced(item: AdmittedEvent, now: Date): OutgoingRecord[] {
    const parent = contextFromTraceparent(item.traceparent);
    const span = this.tracer.startSpan(
      'ingest.event',
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'hookline.message.id': item.messageId, 'hookline.project.id': item.event.projectId, 'hookline.event.type': item.event.type },
      },
      parent,
    );
    try {
      return fanOutRecords(item, this.registry.view, this.topics, now, traceparentOf(trace.setSpan(parent, span)));
    } finally {
      span.end();
    }
  }
}

import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KafkaMessage, Producer } from 'kafkajs';
import { topicNames, type TopicNames } from '@hookline/contracts';
import { createKafka, RegistryTail, startBatchConsumer, type RunningConsumer } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';
import { recordsForBatch } from './event-batch';

/**
 * Consumes `events` and writes the fan-out. Jobs, MessageAccepted facts,
 * dead letters and the input offsets commit in one Kafka transaction: a crash
 * anywhere either loses the whole batch's output and its offset (it is read
 * again) or keeps both.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventsConsumer.name);
  private readonly topics: TopicNames;
  private readonly groupId: string;
  private producer: Producer | undefined;
  private running: RunningConsumer | undefined;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly registry: RegistryTail,
    readiness: Readiness,
  ) {
    this.topics = topicNames(config.topicPrefix);
    this.groupId = `${config.topicPrefix}ingest`;
    readiness.register('consumer', () => this.running !== undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ brokers: this.config.kafkaBrokers, clientId: 'hookline-ingest' });
    this.producer = kafka.producer({
      transactionalId: `${this.groupId}-${hostname()}-${process.pid}`,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    this.running = await startBatchConsumer({
      kafka,
      groupId: this.groupId,
      topics: [this.topics.events],
      fromBeginning: true,
      commitOffsets: false,
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
    // An endpoint acknowledged before these events were produced must receive them.
    await this.registry.waitUntilCurrent();
    const records = recordsForBatch(
      { topic, partition },
      messages,
      this.registry.view,
      this.topics,
      { maxBytes: this.config.maxEventBytes },
      new Date(),
    );
    const byTopic = new Map<string, Array<{ key: string; value: Buffer }>>();
    for (const record of records) {
      const list = byTopic.get(record.topic) ?? [];
      list.push({ key: record.key, value: record.value });
      byTopic.set(record.topic, list);
    }
    const transaction = await this.producer.transaction();
    try {
      if (byTopic.size > 0) {
        await transaction.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([t, list]) => ({ topic: t, messages: list })) });
      }
      await transaction.sendOffsets({
        consumerGroupId: this.groupId,
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(last.offset) + 1n).toString() }] }],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch((abortError: unknown) => this.logger.error(abortError));
      throw error;
    }
    return last.offset;
  }
}

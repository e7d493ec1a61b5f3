import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { topicNames } from '@hookline/contracts';
import { createKafka, DEFAULT_SEND_CHUNK_BYTES } from '@hookline/kafka';
import { traceparentOf } from '@hookline/telemetry';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';
import { PublishBatcher } from './publish-batcher';

/**
 * Writes accepted HTTP events to the input topic with acks=all, keyed by
 * project, continuing the caller's trace. Concurrent requests share produce
 * requests (publish-batcher.ts); each resolves once its own record is durable.
 */
@Injectable()
export class EventPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly producer: Producer;
  private readonly batcher: PublishBatcher;

  constructor(@Inject(INGEST_CONFIG) config: IngestConfig) {
    this.producer = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-ingest-http' }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    const topic = topicNames(config.topicPrefix).events;
    this.batcher = new PublishBatcher(
      async (records) => {
        await this.producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value, headers: { ...r.headers } })) });
      },
      // ~1 ms: long enough to gather a burst of concurrent requests, short against a produce round trip.
      { lingerMs: 1, maxBatchBytes: DEFAULT_SEND_CHUNK_BYTES },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    // Requests already accepted for sending get their answer before the producer goes.
    await this.batcher.drain();
    await this.producer.disconnect();
  }

  /** Resolves once the event is durably in Kafka; rejects with PublishFailedError when it is not (nothing accepted). */
  publish(projectId: string, value: string, callerTraceparent: string | string[] | undefined): Promise<void> {
    const traceparent = typeof callerTraceparent === 'string' ? callerTraceparent : traceparentOf();
    return this.batcher.publish({ key: projectId, value, headers: traceparent === null ? {} : { traceparent } });
  }
}

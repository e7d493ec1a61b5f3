import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { topicNames } from '@hookline/contracts';
import { createKafka } from '@hookline/kafka';
import { traceparentOf } from '@hookline/telemetry';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';

/** Writes accepted HTTP events to the input topic with acks=all, keyed by project, continuing the caller's trace. */
@Injectable()
export class EventPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly producer: Producer;
  private readonly topic: string;

  constructor(@Inject(INGEST_CONFIG) config: IngestConfig) {
    this.producer = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-ingest-http' }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    this.topic = topicNames(config.topicPrefix).events;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  async publish(projectId: string, value: string, callerTraceparent: string | string[] | undefined): Promise<void> {
    const traceparent = typeof callerTraceparent === 'string' ? callerTraceparent : traceparentOf();
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: projectId, value, headers: traceparent === null ? {} : { traceparent } }],
    });
  }
}

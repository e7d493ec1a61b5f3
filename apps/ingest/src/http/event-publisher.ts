import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { topicNames } from '@hookline/contracts';
import { createKafka, OrderedRecordWriter } from '@hookline/kafka';
import { traceparentOf } from '@hookline/telemetry';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';

/** The input topic did not take the event: it was not accepted. */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';
  constructor(override readonly cause: unknown) {
    super(`Kafka did not take the event: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Writes accepted HTTP events to the input topic with acks=all, keyed by
 * project, continuing the caller's trace. Each request used to be its own
 * produce with one in flight, so under load requests queued one round trip
 * each (issue 14: the door topped out near 700/s). The ordered record writer
 * (libs/kafka) gathers concurrent requests over about a millisecond into one
 * produce per shard, several shards in flight; each caller resolves once its
 * own record is acknowledged, and a failed request fails exactly its callers.
 */
@Injectable()
export class EventPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly writer: OrderedRecordWriter;
  private readonly topic: string;

  constructor(@Inject(INGEST_CONFIG) config: IngestConfig) {
    this.writer = new OrderedRecordWriter({ kafka: createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-ingest-http' }), lingerMs: 1 });
    this.topic = topicNames(config.topicPrefix).events;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.writer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writer.disconnect();
  }

  /** Resolves once the event is durably in Kafka; rejects with PublishFailedError when it is not (nothing accepted). */
  async publish(projectId: string, value: string, callerTraceparent: string | string[] | undefined): Promise<void> {
    const traceparent = typeof callerTraceparent === 'string' ? callerTraceparent : traceparentOf();
    try {
      await this.writer.write([{ topic: this.topic, key: projectId, value, headers: traceparent === null ? {} : { traceparent } }]);
    } catch (error) {
      throw new PublishFailedError(error);
    }
  }
}

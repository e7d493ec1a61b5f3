import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { encodeJson, topicNames, type DeliveryJob, type MessageAccepted, type TopicNames } from '@hookline/contracts';
import { chunkBySize, createKafka } from '@hookline/kafka';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';

/**
 * Writes operator-made work into the same pipeline ingest feeds: jobs to
 * `deliveries` (keyed by endpoint) and, for a new message, its
 * MessageAccepted to `delivery-log` (keyed by project), in one Kafka
 * transaction with acks=all. The dispatcher reads committed records only, so
 * it never sees a job whose MessageAccepted could still be lost.
 *
 * A kafkajs producer runs one transaction at a time, so calls are queued.
 */
@Injectable()
export class JobPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobPublisher.name);
  private readonly topics: TopicNames;
  private readonly producer: Producer;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(OPERATIONS_CONFIG) config: OperationsConfig) {
    this.topics = topicNames(config.topicPrefix);
    this.producer = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-registry-operations' }).producer({
      // Unique per process, as ingest's: nothing here relies on zombie fencing, only on atomicity.
      transactionalId: `${config.topicPrefix}registry-operations-${hostname()}-${process.pid}`,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue; // never rejects: each call's failure went to its caller
    await this.producer.disconnect();
  }

  /** Jobs, and the MessageAccepted of a new message when there is one, all or nothing. */
  publish(jobs: readonly DeliveryJob[], accepted?: MessageAccepted): Promise<void> {
    const run = this.queue.then(() => this.inTransaction(jobs, accepted));
    this.queue = run.catch(() => undefined); // one failed call must not block the next; the caller gets the error
    return run;
  }

  private async inTransaction(jobs: readonly DeliveryJob[], accepted: MessageAccepted | undefined): Promise<void> {
    const transaction = await this.producer.transaction();
    try {
      if (accepted !== undefined) {
        await transaction.send({ topic: this.topics.deliveryLog, acks: -1, messages: [{ key: accepted.projectId, value: encodeJson(accepted) }] });
      }
      // Jobs carry payloads: bounded sends keep each record batch under the broker's limit, the transaction keeps them atomic.
      for (const messages of chunkBySize(jobs.map((job) => ({ key: job.endpointId, value: encodeJson(job) })))) {
        await transaction.send({ topic: this.topics.deliveries, acks: -1, messages });
      }
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch((abortError: unknown) => this.logger.error(`aborting an operations transaction failed: ${String(abortError)}`));
      throw error;
    }
  }
}

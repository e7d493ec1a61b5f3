import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { encodeJson, topicNames, type DeliveryJob, type MessageAccepted, type TopicNames } from '@hookline/contracts';
import { createKafka, TransactionalUnit } from '@hookline/kafka';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';

/**
 * Writes operator-made work into the same pipeline ingest feeds: jobs to
 * `deliveries` (keyed by endpoint) and, for a new message, its
 * MessageAccepted to `delivery-log` (keyed by project), in one Kafka
 * transaction with acks=all. The dispatcher reads committed records only, so
 * it never sees a job whose MessageAccepted could still be lost.
 *
 * The transactional unit runs one transaction at a time; calls made while one
 * is in flight share the next (each call's records stay all or nothing).
 */
@Injectable()
export class JobPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobPublisher.name);
  private readonly topics: TopicNames;
  private readonly unit: TransactionalUnit;

  constructor(@Inject(OPERATIONS_CONFIG) config: OperationsConfig) {
    this.topics = topicNames(config.topicPrefix);
    this.unit = new TransactionalUnit({
      kafka: createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-registry-operations' }),
      // Unique per process, as ingest's: nothing here relies on zombie fencing, only on atomicity.
      transactionalId: `${config.topicPrefix}registry-operations-${hostname()}-${process.pid}`,
      onAbortError: (error) => this.logger.error(`aborting an operations transaction failed: ${String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.unit.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unit.close(); // waits for the transactions in flight; each call's failure went to its caller
  }

  /** Jobs, and the MessageAccepted of a new message when there is one, all or nothing. */
  publish(jobs: readonly DeliveryJob[], accepted?: MessageAccepted): Promise<void> {
    const records = [
      ...(accepted === undefined ? [] : [{ topic: this.topics.deliveryLog, key: accepted.projectId, value: encodeJson(accepted) }]),
      // Jobs carry payloads: the unit sends bounded chunks, the transaction keeps them atomic.
      ...jobs.map((job) => ({ topic: this.topics.deliveries, key: job.endpointId, value: encodeJson(job) })),
    ];
    return this.unit.commit({ records, offsets: [] });
  }
}

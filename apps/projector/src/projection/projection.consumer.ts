import { Controller, Inject, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { checkpointNextOffset } from '@hookline/persistence';
import { topicNames } from '@hookline/contracts';
import { createKafka, KafkaAdmin, KafkaSubscriptions, type ConsumedBatch, type Subscription } from '@hookline/kafka';
import { JsonLogger, Readiness } from '@hookline/telemetry';
import { PROJECTOR_CONFIG, type ProjectorConfig } from '../projector.config';
import { projectBatch, type ProjectedTopics } from './projection-batch';
import { ProjectionLag } from './projection-lag';
import { reportQuarantined } from './quarantine-report';

/** The transport pattern of the projection consumer (libs/kafka/src/transport). */
export const PROJECTION_PATTERN = 'projection';

/**
 * Projects `registry` and `delivery-log` into Postgres. Each batch's rows and
 * its checkpoint commit in one transaction (projection-batch.ts), and the
 * handler resolves with the last offset the checkpoint covers; the Kafka
 * offset commit of that (by the transport) is only a hint for where to fetch,
 * the checkpoint is the truth: on every assignment the consumer seeks each
 * partition to its checkpoint (`resumeFrom`), so a database restored from an
 * older backup is caught up instead of resuming at Kafka's newer offset
 * (docs/history.md).
 */
@Controller()
export class ProjectionConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionConsumer.name);
  private readonly events = new JsonLogger('projector');
  private readonly admin: KafkaAdmin;
  private lagTimer: NodeJS.Timeout | undefined;
  private readonly topics: ProjectedTopics;
  private readonly groupId: string;
  private readonly lag = new ProjectionLag();
  private readonly subscription: Subscription;

  constructor(
    @Inject(PROJECTOR_CONFIG) private readonly config: ProjectorConfig,
    private readonly db: DataSource,
    readiness: Readiness,
    subscriptions: KafkaSubscriptions,
  ) {
    const names = topicNames(config.topicPrefix);
    this.topics = { registry: names.registry, deliveryLog: names.deliveryLog };
    this.groupId = `${config.topicPrefix}projector`;
    this.admin = new KafkaAdmin(createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-projector' }));
    this.subscription = subscriptions.define(PROJECTION_PATTERN, {
      groupId: this.groupId,
      topics: [this.topics.registry, this.topics.deliveryLog],
      fromBeginning: true,
      resumeFrom: async (topic, partition) => (await checkpointNextOffset(this.db.manager, topic, partition)).toString(),
    });
    this.subscription.onBatchEnd(({ topic, partition, offsetLag }) => this.lag.batchEnded(topic, partition, offsetLag));
    readiness.register('consumer', () => this.subscription.isRunning());
  }

  @EventPattern(PROJECTION_PATTERN)
  async project(@Payload() batch: ConsumedBatch): Promise<string | null> {
    const first = batch.records[0];
    if (first !== undefined) this.lag.batchStarted(batch.topic, batch.partition, Number(first.timestamp));
    const result = await projectBatch(this.db, this.topics, batch.topic, batch.partition, batch.records, { fenced: true });
    this.lag.batchProjected(batch.topic, batch.partition, result.lastTimestamp);
    reportQuarantined(this.events, result.quarantined);
    return result.durableUpTo;
  }

  onApplicationBootstrap(): void {
    this.lagTimer = setInterval(() => void this.pollLag(), this.config.lagPollIntervalMs);
    this.lagTimer.unref();
  }

  // The transport has stopped the consumer by now (Nest closes it before the shutdown hooks).
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.lagTimer);
    await this.admin.disconnect();
  }

  private async pollLag(): Promise<void> {
    try {
      await this.lag.poll(this.db, this.admin, this.groupId, [this.topics.registry, this.topics.deliveryLog]);
    } catch (error) {
      // The gauges keep their last values; the next poll tries again.
      this.logger.warn(`lag poll failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { checkpointNextOffset } from '@hookline/persistence';
import { topicNames } from '@hookline/contracts';
import { createKafka, startBatchConsumer, type RunningConsumer } from '@hookline/kafka';
import { JsonLogger, Readiness } from '@hookline/telemetry';
import { PROJECTOR_CONFIG, type ProjectorConfig } from '../projector.config';
import { projectBatch, type ProjectedTopics } from './projection-batch';
import { ProjectionLag } from './projection-lag';
import { reportQuarantined } from './quarantine-report';

/**
 * Projects `registry` and `delivery-log` into Postgres. Each batch's rows and
 * its checkpoint commit in one transaction (projection-batch.ts); the Kafka
 * offset commit afterwards is only a hint for where to fetch, the checkpoint
 * is the truth: on every assignment the consumer seeks each partition to its
 * checkpoint (`resumeFrom`), so a database restored from an older backup is
 * caught up instead of resuming at Kafka's newer offset (docs/history.md).
 */
@Injectable()
export class ProjectionConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionConsumer.name);
  private readonly events = new JsonLogger('projector');
  private running: RunningConsumer | undefined;
  private admin: Admin | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private readonly topics: ProjectedTopics;
  private readonly groupId: string;
  private readonly kafka: Kafka;
  private readonly lag = new ProjectionLag();

  constructor(
    @Inject(PROJECTOR_CONFIG) private readonly config: ProjectorConfig,
    private readonly db: DataSource,
    readiness: Readiness,
  ) {
    const names = topicNames(config.topicPrefix);
    this.topics = { registry: names.registry, deliveryLog: names.deliveryLog };
    this.groupId = `${config.topicPrefix}projector`;
    this.kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-projector' });
    readiness.register('consumer', () => this.running !== undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = await startBatchConsumer({
      kafka: this.kafka,
      groupId: this.groupId,
      topics: [this.topics.registry, this.topics.deliveryLog],
      fromBeginning: true,
      resumeFrom: async (topic, partition) => (await checkpointNextOffset(this.db.manager, topic, partition)).toString(),
      handle: async (messages, batch) => {
        const first = messages[0];
        if (first !== undefined) this.lag.batchStarted(batch.topic, batch.partition, Number(first.timestamp));
        const result = await projectBatch(this.db, this.topics, batch.topic, batch.partition, messages, { fenced: true });
        this.lag.batchProjected(batch.topic, batch.partition, result.lastTimestamp);
        reportQuarantined(this.events, result.quarantined);
        return result.durableUpTo;
      },
    });
    const consumer = this.running.consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
      this.lag.batchEnded(payload.topic, payload.partition, Number(payload.offsetLag)),
    );
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.lagTimer = setInterval(() => void this.pollLag(), this.config.lagPollIntervalMs);
    this.lagTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.lagTimer);
    await this.running?.stop();
    this.running = undefined;
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  private async pollLag(): Promise<void> {
    if (this.admin === undefined) return;
    try {
      await this.lag.poll(this.db, this.admin, this.groupId, [this.topics.registry, this.topics.deliveryLog]);
    } catch (error) {
      // The gauges keep their last values; the next poll tries again.
      this.logger.warn(`lag poll failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

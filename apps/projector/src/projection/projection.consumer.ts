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

/** The transport patterns of the projection consumers (libs/kafka/src/transport): the history, and the registry. */
export const PROJECTION_PATTERN = 'projection';
export const REGISTRY_PROJECTION_PATTERN = 'projection-registry';

/**
 * A delivery-log fetch waits for this much (or the configured wait) before
 * the broker answers. At 200 events/s the projector used to take one fetch,
 * one offset commit and one Postgres transaction per event or two; batched it
 * used 60 % less CPU and Postgres 55 % less (issue 14, BENCHMARKS.md).
 */
const HISTORY_FETCH_MIN_BYTES = 256 * 1024;

/**
 * Projects `registry` and `delivery-log` into Postgres, each topic with its own
 * consumer: the registry's facts are awaited by the registry API
 * (read-your-writes, projection-wait.ts), so they are fetched as soon as they
 * exist; the history is not on anyone's request path, so its fetches wait to
 * fill. Each batch's rows and its checkpoint commit in one transaction
 * (projection-batch.ts), and the handler resolves with the last offset the
 * checkpoint covers; the Kafka offset commit of that (by the transport) is
 * only a hint for where to fetch, the checkpoint is the truth: on every
 * assignment the consumer seeks each partition to its checkpoint
 * (`resumeFrom`), so a database restored from an older backup is caught up
 * instead of resuming at Kafka's newer offset (docs/history.md).
 */
@Controller()
export class ProjectionConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionConsumer.name);
  private readonly events = new JsonLogger('projector');
  private readonly admin: KafkaAdmin;
  private lagTimer: NodeJS.Timeout | undefined;
  private readonly topics: ProjectedTopics;
  /** The history's group keeps the name the projector's one group had; the registry's is new. */
  private readonly historyGroupId: string;
  private readonly registryGroupId: string;
  private readonly lag = new ProjectionLag();
  private readonly subscriptions: readonly Subscription[];

  constructor(
    @Inject(PROJECTOR_CONFIG) private readonly config: ProjectorConfig,
    private readonly db: DataSource,
    readiness: Readiness,
    subscriptions: KafkaSubscriptions,
  ) {
    const names = topicNames(config.topicPrefix);
    this.topics = { registry: names.registry, deliveryLog: names.deliveryLog };
    this.historyGroupId = `${config.topicPrefix}projector`;
    this.registryGroupId = `${config.topicPrefix}projector-registry`;
    this.admin = new KafkaAdmin(createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-projector' }));
    const resumeFrom = async (topic: string, partition: number) => (await checkpointNextOffset(this.db.manager, topic, partition)).toString();
    this.subscriptions = [
      subscriptions.define(PROJECTION_PATTERN, {
        groupId: this.historyGroupId,
        topics: [this.topics.deliveryLog],
        fromBeginning: true,
        minBytes: HISTORY_FETCH_MIN_BYTES,
        maxWaitTimeInMs: config.historyFetchWaitMs,
        resumeFrom,
      }),
      subscriptions.define(REGISTRY_PROJECTION_PATTERN, { groupId: this.registryGroupId, topics: [this.topics.registry], fromBeginning: true, resumeFrom }),
    ];
    for (const subscription of this.subscriptions) {
      subscription.onBatchEnd(({ topic, partition, offsetLag }) => this.lag.batchEnded(topic, partition, offsetLag));
    }
    readiness.register('consumer', () => this.subscriptions.every((subscription) => subscription.isRunning()));
  }

  @EventPattern(PROJECTION_PATTERN)
  projectHistory(@Payload() batch: ConsumedBatch): Promise<string | null> {
    return this.project(batch);
  }

  @EventPattern(REGISTRY_PROJECTION_PATTERN)
  projectRegistry(@Payload() batch: ConsumedBatch): Promise<string | null> {
    return this.project(batch);
  }

  private async project(batch: ConsumedBatch): Promise<string | null> {
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
      await this.lag.poll(this.db, this.admin, this.historyGroupId, [this.topics.deliveryLog]);
      await this.lag.poll(this.db, this.admin, this.registryGroupId, [this.topics.registry]);
    } catch (error) {
      // The gauges keep their last values; the next poll tries again.
      this.logger.warn(`lag poll failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

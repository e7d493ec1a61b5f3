import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { topicNames } from '@hookline/contracts';
import { RegistryTail, startBatchConsumer, type RunningConsumer } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';
import { observeEndpoints } from '../dispatcher-metrics';
import { DISPATCH_KAFKA } from '../dispatcher.tokens';
import { EndpointLanes } from '../lanes/endpoint-lanes';
import { JobParker } from '../outcome/job-parker';
import { RetryTiers } from '../outcome/retry-tiers';
import { WebhookSender } from '../sending/webhook-sender';
import { ConsumerCommits } from './consumer-commits';
import { JobIntake } from './job-intake';

/**
 * The dispatcher's one consumer group over `deliveries` and every retry tier,
 * feeding the intake. On SIGTERM it stops taking jobs, lets attempts in flight
 * finish and record their outcome (bounded), commits, and leaves the group.
 */
@Injectable()
export class DispatchConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DispatchConsumer.name);
  private running: RunningConsumer | undefined;

  constructor(
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(DISPATCH_KAFKA) private readonly kafka: Kafka,
    private readonly registry: RegistryTail,
    private readonly tiers: RetryTiers,
    private readonly intake: JobIntake,
    private readonly commits: ConsumerCommits,
    private readonly lanes: EndpointLanes,
    private readonly parker: JobParker,
    private readonly sender: WebhookSender,
    readiness: Readiness,
  ) {
    readiness.register('consumer', () => this.running !== undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topics = topicNames(this.config.topicPrefix);
    const intake = this.intake;
    this.running = await startBatchConsumer({
      kafka: this.kafka,
      groupId: `${this.config.topicPrefix}dispatcher`,
      topics: [topics.deliveries, ...this.tiers.topics],
      fromBeginning: true,
      // The intake commits itself, only up to the lowest unfinished job; the consumer only moves its fetch position.
      commitOffsets: false,
      partitionsConsumedConcurrently: 4,
      // A tier partition resumed at its due time is fetched with the next request: keep long polls short.
      maxWaitTimeInMs: 200,
      handle: (messages, context) => intake.handle(messages, context),
      onPassedWithoutMessages: (topic, partition, lastOffset) => intake.passedWithoutMessages(topic, partition, lastOffset),
    });
    const consumer = this.running.consumer;
    this.commits.attach(async (topic, partition, offset) => {
      await consumer.commitOffsets([{ topic, partition, offset }]);
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      intake.assigned(
        Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition }))),
      );
    });
    observeEndpoints(() => this.registry.view.allEndpoints());
    this.logger.log(`consuming ${topics.deliveries} and tiers ${this.tiers.topics.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.parker.stopRetrying();
    this.intake.stop();
    const drained = await this.lanes.drain(this.config.drainTimeoutMs);
    if (!drained) this.logger.warn('attempts still in flight after the drain timeout; they will be repeated after restart');
    await this.intake.commitNow();
    await this.running?.stop();
    await this.sender.close();
  }
}

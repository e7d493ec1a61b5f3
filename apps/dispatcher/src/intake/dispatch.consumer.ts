import { Controller, Inject, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { topicNames } from '@hookline/contracts';
import { KafkaSubscriptions, RegistryTail, type ConsumedBatch, type Subscription } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';
import { observeEndpoints } from '../dispatcher-metrics';
import { EndpointLanes } from '../lanes/endpoint-lanes';
import { JobParker } from '../outcome/job-parker';
import { RetryTiers } from '../outcome/retry-tiers';
import { WebhookSender } from '../sending/webhook-sender';
import { ConsumerCommits } from './consumer-commits';
import { JobIntake } from './job-intake';

/** The transport pattern of the dispatcher's consumer (libs/kafka/src/transport). */
export const DISPATCH_PATTERN = 'dispatch';

/**
 * The dispatcher's one consumer group over `deliveries` and every retry tier,
 * as the Kafka transport's `dispatch` pattern. Each batch goes to the intake,
 * which takes what it can and returns the last offset it took: that only moves
 * the fetch position (`commitOffsets: false`); the intake commits itself, up to
 * the lowest job whose outcome is not yet durable. Before the consumer stops
 * (SIGTERM) it stops taking jobs, lets attempts in flight finish and record
 * their outcome (bounded), and commits.
 */
@Controller()
export class DispatchConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DispatchConsumer.name);
  private readonly subscription: Subscription;

  constructor(
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    private readonly registry: RegistryTail,
    private readonly tiers: RetryTiers,
    private readonly intake: JobIntake,
    private readonly lanes: EndpointLanes,
    private readonly parker: JobParker,
    private readonly sender: WebhookSender,
    commits: ConsumerCommits,
    subscriptions: KafkaSubscriptions,
    readiness: Readiness,
  ) {
    const topics = topicNames(config.topicPrefix);
    this.subscription = subscriptions.define(DISPATCH_PATTERN, {
      groupId: `${config.topicPrefix}dispatcher`,
      topics: [topics.deliveries, ...tiers.topics],
      fromBeginning: true,
      // The intake commits itself, only up to the lowest unfinished job; the handler's result only moves the fetch position.
      commitOffsets: false,
      partitionsConsumedConcurrently: 4,
      // A tier partition resumed at its due time is fetched with the next request: keep long polls short.
      maxWaitTimeInMs: 200,
      onPassedWithoutMessages: (topic, partition, lastOffset) => this.intake.passedWithoutMessages(topic, partition, lastOffset),
      beforeStop: () => this.drain(),
    });
    const subscription = this.subscription;
    commits.attach((topic, partition, offset) => subscription.commit([{ topic, partition, nextOffset: offset }]));
    subscription.onAssigned((assigned) => this.intake.assigned(assigned));
    readiness.register('consumer', () => subscription.isRunning());
  }

  @EventPattern(DISPATCH_PATTERN)
  handle(@Payload() batch: ConsumedBatch): Promise<string | null> {
    return this.intake.handle(batch.records, batch);
  }

  onApplicationBootstrap(): void {
    observeEndpoints(() => this.registry.view.allEndpoints());
    this.logger.log(`consuming ${topicNames(this.config.topicPrefix).deliveries} and tiers ${this.tiers.topics.join(', ')}`);
  }

  // The transport closed before this: the consumer drained (beforeStop) and stopped.
  async onApplicationShutdown(): Promise<void> {
    await this.sender.close();
  }

  private async drain(): Promise<void> {
    this.parker.stopRetrying();
    this.intake.stop();
    const drained = await this.lanes.drain(this.config.drainTimeoutMs);
    if (!drained) this.logger.warn('attempts still in flight after the drain timeout; they will be repeated after restart');
    await this.intake.commitNow();
  }
}

import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import { loadConfigOrExit } from '@hookline/config';
import { topicNames } from '@hookline/contracts';
import { createKafka, FactProducer, RegistryTail } from '@hookline/kafka';
import { registryViewProvider } from '@hookline/runtime';
import { Readiness } from '@hookline/telemetry';
import { AttemptHandler } from './attempt/attempt-handler';
import { DISPATCHER_CONFIG, dispatcherConfigSpec, type DispatcherConfig } from './dispatcher.config';
import { DELIVERY_PRODUCER, DISPATCH_KAFKA } from './dispatcher.tokens';
import { ConsumerCommits } from './intake/consumer-commits';
import { DispatchConsumer } from './intake/dispatch.consumer';
import { JobIntake } from './intake/job-intake';
import { discoverRetryTiers } from './intake/tier-discovery';
import { EndpointLanes } from './lanes/endpoint-lanes';
import { EndpointDisabler } from './outcome/endpoint-disabler';
import { JobParker } from './outcome/job-parker';
import { RecordWriter } from './outcome/record-writer';
import { RetryTiers } from './outcome/retry-tiers';
import { WebhookSender } from './sending/webhook-sender';

/**
 * The dispatcher's wiring, all of it here: intake → lanes → attempt → outcome.
 * DispatchConsumer only runs the consumer and the SIGTERM drain.
 */
@Module({
  providers: [
    { provide: DISPATCHER_CONFIG, useFactory: () => loadConfigOrExit(dispatcherConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    registryViewProvider(DISPATCHER_CONFIG, 'dispatcher'),
    {
      provide: DISPATCH_KAFKA,
      inject: [DISPATCHER_CONFIG],
      useFactory: (config: DispatcherConfig) => createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-dispatcher' }),
    },
    {
      // Appends EndpointDisabled (410, no success for too long) to `registry`.
      provide: FactProducer,
      inject: [DISPATCHER_CONFIG],
      useFactory: async (config: DispatcherConfig) => {
        const producer = new FactProducer(createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-dispatcher-registry' }));
        await producer.connect();
        return producer;
      },
    },
    {
      provide: DELIVERY_PRODUCER,
      inject: [DISPATCH_KAFKA],
      useFactory: async (kafka: Kafka) => {
        const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
        await producer.connect();
        return producer;
      },
    },
    { provide: RecordWriter, inject: [DELIVERY_PRODUCER], useFactory: (producer: Producer) => new RecordWriter(producer) },
    {
      provide: RetryTiers,
      inject: [DISPATCH_KAFKA, DISPATCHER_CONFIG, RegistryTail],
      useFactory: async (kafka: Kafka, config: DispatcherConfig, registry: RegistryTail) =>
        new RetryTiers(config.topicPrefix, await discoverRetryTiers(kafka, config.topicPrefix, config.retrySchedule, registry.view)),
    },
    EndpointDisabler,
    JobParker,
    WebhookSender,
    AttemptHandler,
    {
      provide: EndpointLanes,
      inject: [DISPATCHER_CONFIG, RegistryTail, RetryTiers, AttemptHandler, JobParker],
      useFactory: (config: DispatcherConfig, registry: RegistryTail, tiers: RetryTiers, attempts: AttemptHandler, parker: JobParker) =>
        new EndpointLanes({
          endpoint: (id) => registry.view.endpoint(id),
          attempt: (job, endpoint, fifo) => attempts.handle(job, endpoint, fifo),
          park: (job, delayMs) => parker.park(job, delayMs, 'endpoint_disabled'),
          admission: { waitBudgetMs: config.laneWaitBudgetMs, holdLimitMs: config.laneHoldLimitMs, tierDelays: tiers.delays },
          concurrency: config.endpointConcurrency,
          queueLimit: config.endpointQueueLimit,
          recheckMs: tiers.parkDelayMs,
          logger: new Logger(EndpointLanes.name),
        }),
    },
    ConsumerCommits,
    {
      provide: JobIntake,
      inject: [DISPATCHER_CONFIG, RegistryTail, EndpointLanes, JobParker, ConsumerCommits],
      useFactory: (config: DispatcherConfig, registry: RegistryTail, lanes: EndpointLanes, parker: JobParker, commits: ConsumerCommits) => {
        const topics = topicNames(config.topicPrefix);
        return new JobIntake(registry, lanes, {
          deliveriesTopic: topics.deliveries,
          partitionPendingLimit: config.partitionPendingLimit,
          deadLetterTopic: topics.deadLetter,
          deadLetter: (record) => parker.deadLetter(record),
          park: (job, delayMs, reason) => parker.park(job, delayMs, reason),
          commit: (topic, partition, offset) => commits.commit(topic, partition, offset),
        });
      },
    },
    DispatchConsumer,
  ],
})
export class DispatcherModule implements OnApplicationShutdown {
  constructor(
    private readonly registry: RegistryTail,
    private readonly facts: FactProducer,
    @Inject(DELIVERY_PRODUCER) private readonly producer: Producer,
  ) {}

  // Runs after the providers' hooks: the consumer has drained before these close.
  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await this.facts.disconnect();
    await this.registry.stop();
  }
}

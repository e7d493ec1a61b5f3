import { Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { loadConfigOrExit } from '@hookline/config';
import { topicNames } from '@hookline/contracts';
import { createKafka, FactProducer, KafkaSubscriptions, OrderedRecordWriter, RegistryTail, type KafkaClient } from '@hookline/kafka';
import { registryViewProvider } from '@hookline/runtime';
import { Readiness } from '@hookline/telemetry';
import { AttemptHandler } from './attempt/attempt-handler';
import { DISPATCHER_CONFIG, dispatcherConfigSpec, type DispatcherConfig } from './dispatcher.config';
import { ConsumerCommits } from './intake/consumer-commits';
import { DispatchConsumer } from './intake/dispatch.consumer';
import { JobIntake } from './intake/job-intake';
import { discoverRetryTiers } from './intake/tier-discovery';
import { EndpointLanes } from './lanes/endpoint-lanes';
import { EndpointDisabler } from './outcome/endpoint-disabler';
import { JobParker } from './outcome/job-parker';
import { RetryTiers } from './outcome/retry-tiers';
import { WebhookSender } from './sending/webhook-sender';

/** The process's one set of Kafka subscriptions, shared with the transport main.ts boots (libs/kafka/src/transport). */
export const DISPATCHER_SUBSCRIPTIONS = new KafkaSubscriptions();

/** The dispatcher's Kafka client, shared by its writer and admin calls (the transport's consumer has its own, made in main.ts). */
const DISPATCH_KAFKA = Symbol('DISPATCH_KAFKA');

/**
 * The dispatcher's wiring, all of it here: intake → lanes → attempt → outcome.
 * DispatchConsumer is the transport's `dispatch` handler and the SIGTERM drain.
 */
@Module({
  controllers: [DispatchConsumer],
  providers: [
    { provide: KafkaSubscriptions, useValue: DISPATCHER_SUBSCRIPTIONS },
    { provide: DISPATCHER_CONFIG, useFactory: () => loadConfigOrExit(dispatcherConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    registryViewProvider(DISPATCHER_CONFIG, 'dispatcher'),
    {
      provide: DISPATCH_KAFKA,
      inject: [DISPATCHER_CONFIG],
      useFactory: (config: DispatcherConfig): KafkaClient => createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-dispatcher' }),
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
      // Attempt facts, retry, parked and dead-lettered jobs, acks=all; keyed by endpoint, so an endpoint's records keep their order.
      // One shard: on the 2-core bench machine 4 shards cost ~12 % of dispatch throughput (more, smaller requests
      // to the broker: ~1,940/s against ~2,230/s, two runs each, noisy); the slot no longer waits for the write anyway.
      provide: OrderedRecordWriter,
      inject: [DISPATCH_KAFKA],
      useFactory: async (kafka: KafkaClient) => {
        // Nobody waits on most of these writes (an unordered lane frees its slot at the response; offsets commit
        // every 200 ms), so they gather for 10 ms. A lane holds at most twice its concurrency sent and not yet
        // recorded, so a lane stopped by that bound flushes the writer (hurryRecording): at 10 ms without it, one
        // endpoint did 1,266/s of 1,700 offered. fifo and disable writes are urgent.
        const writer = new OrderedRecordWriter({ kafka, shards: 1, lingerMs: 10 });
        await writer.connect();
        return writer;
      },
    },
    {
      provide: RetryTiers,
      inject: [DISPATCH_KAFKA, DISPATCHER_CONFIG, RegistryTail],
      useFactory: async (kafka: KafkaClient, config: DispatcherConfig, registry: RegistryTail) =>
        new RetryTiers(config.topicPrefix, await discoverRetryTiers(kafka, config.topicPrefix, config.retrySchedule, registry.view)),
    },
    EndpointDisabler,
    JobParker,
    WebhookSender,
    AttemptHandler,
    {
      provide: EndpointLanes,
      inject: [DISPATCHER_CONFIG, RegistryTail, RetryTiers, AttemptHandler, JobParker, OrderedRecordWriter],
      useFactory: (
        config: DispatcherConfig,
        registry: RegistryTail,
        tiers: RetryTiers,
        attempts: AttemptHandler,
        parker: JobParker,
        writer: OrderedRecordWriter,
      ) =>
        new EndpointLanes({
          endpoint: (id) => registry.view.endpoint(id),
          attempt: (job, endpoint, fifo, startedAt) => attempts.handle(job, endpoint, fifo, startedAt),
          hurryRecording: () => writer.flush(),
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
  ],
})
export class DispatcherModule implements OnApplicationShutdown {
  constructor(
    private readonly registry: RegistryTail,
    private readonly facts: FactProducer,
    private readonly writer: OrderedRecordWriter,
  ) {}

  // The transport stopped the consumer (after its drain) before any shutdown hook, and Nest runs a module's own hook after its providers'.
  async onApplicationShutdown(): Promise<void> {
    await this.writer.disconnect();
    await this.facts.disconnect();
    await this.registry.stop();
  }
}

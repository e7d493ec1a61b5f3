import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { topicNames, type DeliveryJob, type TopicNames } from '@hookline/contracts';
import { EndpointHealthTracker, type ParkReason } from '@hookline/domain';
import { createKafka, FactProducer, RegistryTail, startBatchConsumer, type RunningConsumer } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';
import { observeEndpoints, recordParked } from '../dispatcher-metrics';
import { EndpointLanes } from '../lanes/endpoint-lanes';
import { EndpointDisabler } from '../outcome/endpoint-disabler';
import { OutcomeRecorder } from '../outcome/outcome-recorder';
import { RecordWriter } from '../outcome/record-writer';
import { RetryTiers } from '../outcome/retry-tiers';
import { AttemptRunner } from '../sending/attempt-runner';
import { JobIntake } from './job-intake';
import { discoverRetryTiers } from './tier-discovery';

const PARK_RETRY_MS = 1000;

/**
 * Wires the dispatcher: one consumer group over `deliveries` and every retry
 * tier, lanes per endpoint, and one producer for facts and retry jobs. On
 * SIGTERM it stops taking jobs, lets attempts in flight finish and record
 * their outcome (bounded), commits, and leaves the group.
 */
@Injectable()
export class DispatchConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DispatchConsumer.name);
  private readonly topics: TopicNames;
  private running: RunningConsumer | undefined;
  private producer: Producer | undefined;
  private intake: JobIntake | undefined;
  private lanes: EndpointLanes | undefined;
  private stopping = false;

  constructor(
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    private readonly registry: RegistryTail,
    private readonly registryFacts: FactProducer,
    private readonly attempts: AttemptRunner,
    readiness: Readiness,
  ) {
    this.topics = topicNames(config.topicPrefix);
    readiness.register('consumer', () => this.running !== undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ brokers: this.config.kafkaBrokers, clientId: 'hookline-dispatcher' });
    const tiers = new RetryTiers(
      this.config.topicPrefix,
      await discoverRetryTiers(kafka, this.config.topicPrefix, this.config.retrySchedule, this.registry.view),
    );
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    const writer = new RecordWriter(this.producer);
    const recorder = new OutcomeRecorder({
      writer,
      topics: this.topics,
      tiers,
      health: new EndpointHealthTracker(this.config.disableAfterMs),
      disabler: new EndpointDisabler(this.registry, this.registryFacts, this.topics.registry),
      random: Math.random,
    });
    const park = (job: DeliveryJob, delayMs: number, reason: ParkReason) =>
      this.durably(`parking message ${job.messageId}`, () => writer.write([tiers.delayed(job, delayMs, Date.now())]).then(() => recordParked(reason)));
    const lanes = new EndpointLanes({
      endpoint: (id) => this.registry.view.endpoint(id),
      attempt: (job, endpoint, fifo) => {
        const schedule = endpoint.retrySchedule ?? this.config.retrySchedule;
        return this.attempts.run(job, endpoint, (report, span) => recorder.record(job, fifo, schedule, report, span));
      },
      park: (job, delayMs) => park(job, delayMs, 'endpoint_disabled'),
      admission: { waitBudgetMs: this.config.laneWaitBudgetMs, holdLimitMs: this.config.laneHoldLimitMs, tierDelays: tiers.delays },
      concurrency: this.config.endpointConcurrency,
      queueLimit: this.config.endpointQueueLimit,
      recheckMs: tiers.parkDelayMs,
      logger: this.logger,
    });
    this.lanes = lanes;
    this.intake = new JobIntake(this.registry, lanes, {
      deliveriesTopic: this.topics.deliveries,
      partitionPendingLimit: this.config.partitionPendingLimit,
      deadLetterTopic: this.topics.deadLetter,
      deadLetter: (record) => this.durably(`dead-lettering ${record.key}`, () => writer.write([record])),
      park,
      commit: async (topic, partition, offset) => {
        await this.running?.consumer.commitOffsets([{ topic, partition, offset }]);
      },
    });
    const intake = this.intake;
    this.running = await startBatchConsumer({
      kafka,
      groupId: `${this.config.topicPrefix}dispatcher`,
      topics: [this.topics.deliveries, ...tiers.topics],
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
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      intake.assigned(
        Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition }))),
      );
    });
    observeEndpoints(() => this.registry.view.allEndpoints());
    this.logger.log(`consuming ${this.topics.deliveries} and tiers ${tiers.topics.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.intake?.stop();
    const drained = (await this.lanes?.drain(this.config.drainTimeoutMs)) ?? true;
    if (!drained) this.logger.warn('attempts still in flight after the drain timeout; they will be repeated after restart');
    await this.intake?.commitNow();
    await this.running?.stop();
    await this.producer?.disconnect();
    await this.attempts.close();
  }

  /** Retries a write until it is durable; a job whose write never lands is never released, so never lost. */
  private async durably(what: string, write: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        return await write();
      } catch (error) {
        if (this.stopping) throw error;
        this.logger.error(`${what} failed; retrying: ${String(error)}`);
        await sleep(PARK_RETRY_MS);
      }
    }
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { decodeJson, topicNames, type AttemptFailed, type AttemptSucceeded, type DeliveryJob, type TopicNames } from '@hookline/contracts';
import { createKafka, FactProducer, RegistryTail, startBatchConsumer, type RunningConsumer } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';
import { AttemptRunner } from './attempt-runner';

/**
 * Consumes `deliveries`. Jobs of one endpoint run in order; different endpoints
 * of a batch run side by side. The batch's offset is resolved only after every
 * attempt fact is durable in `delivery-log`, so a crash repeats attempts (same
 * webhook-id) but never skips one.
 */
@Injectable()
export class DeliveriesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveriesConsumer.name);
  private readonly topics: TopicNames;
  private running: RunningConsumer | undefined;

  constructor(
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    private readonly registry: RegistryTail,
    private readonly facts: FactProducer,
    private readonly attempts: AttemptRunner,
    readiness: Readiness,
  ) {
    this.topics = topicNames(config.topicPrefix);
    readiness.register('consumer', () => this.running !== undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = await startBatchConsumer({
      kafka: createKafka({ brokers: this.config.kafkaBrokers, clientId: 'hookline-dispatcher' }),
      groupId: `${this.config.topicPrefix}dispatcher`,
      topics: [this.topics.deliveries],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      handle: (messages) => this.deliver(messages),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }

  private async deliver(messages: KafkaMessage[]): Promise<string | null> {
    const last = messages[messages.length - 1];
    if (last === undefined) return null;
    const byEndpoint = new Map<string, DeliveryJob[]>();
    for (const message of messages) {
      const job = decodeJson<DeliveryJob>(message.value, 'delivery job');
      byEndpoint.set(job.endpointId, [...(byEndpoint.get(job.endpointId) ?? []), job]);
    }
    await Promise.all([...byEndpoint].map(([endpointId, jobs]) => this.deliverInOrder(endpointId, jobs)));
    return last.offset;
  }

  private async deliverInOrder(endpointId: string, jobs: DeliveryJob[]): Promise<void> {
    let endpoint = this.registry.view.endpoint(endpointId);
    if (endpoint === undefined) {
      // Ingest routed to it, so our view may just be behind; catch up once before concluding it was deleted.
      await this.registry.waitUntilCurrent();
      endpoint = this.registry.view.endpoint(endpointId);
    }
    if (endpoint === undefined) {
      this.logger.warn(`endpoint ${endpointId} was deleted; dropping ${jobs.length} job(s) with its history`);
      return;
    }
    const outcomes: Array<AttemptSucceeded | AttemptFailed> = [];
    for (const job of jobs) outcomes.push(await this.attempts.run(job, endpoint));
    await this.facts.append(this.topics.deliveryLog, endpointId, outcomes);
  }
}

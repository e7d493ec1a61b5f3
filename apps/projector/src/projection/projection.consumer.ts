import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { decodeJson, topicNames, type DeliveryFact, type RegistryFact } from '@hookline/contracts';
import { createKafka, startBatchConsumer, type RunningConsumer } from '@hookline/kafka';
import { lockCheckpoint, projectDeliveryFacts, projectRegistryFacts, saveCheckpoint } from '@hookline/persistence';
import { Readiness } from '@hookline/telemetry';
import { PROJECTOR_CONFIG, type ProjectorConfig } from './projector.config';

/**
 * Projects `registry` and `delivery-log` into Postgres. Each batch's rows and
 * its checkpoint commit in one transaction; the Kafka offset commit afterwards
 * is only a hint for where to fetch, the checkpoint is the truth.
 */
@Injectable()
export class ProjectionConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionConsumer.name);
  private running: RunningConsumer | undefined;
  private readonly topics: { registry: string; deliveryLog: string };

  constructor(
    @Inject(PROJECTOR_CONFIG) private readonly config: ProjectorConfig,
    private readonly db: DataSource,
    readiness: Readiness,
  ) {
    const names = topicNames(config.topicPrefix);
    this.topics = { registry: names.registry, deliveryLog: names.deliveryLog };
    readiness.register('consumer', () => this.running !== undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = await startBatchConsumer({
      kafka: createKafka({ brokers: this.config.kafkaBrokers, clientId: 'hookline-projector' }),
      groupId: `${this.config.topicPrefix}projector`,
      topics: [this.topics.registry, this.topics.deliveryLog],
      fromBeginning: true,
      handle: (messages, batch) => this.project(batch.topic, batch.partition, messages),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  private async project(topic: string, partition: number, messages: KafkaMessage[]): Promise<string | null> {
    const last = messages[messages.length - 1];
    if (last === undefined) return null;
    await this.db.transaction(async (tx) => {
      const next = await lockCheckpoint(tx, topic, partition);
      const fresh = messages.filter((m) => BigInt(m.offset) >= next);
      if (fresh.length === 0) return;
      if (topic === this.topics.registry) {
        await projectRegistryFacts(tx, fresh.map((m) => decodeJson<RegistryFact>(m.value, 'registry fact')));
      } else {
        await projectDeliveryFacts(tx, fresh.map((m) => decodeJson<DeliveryFact>(m.value, 'delivery fact')));
      }
      await saveCheckpoint(tx, topic, partition, BigInt(last.offset) + 1n);
    });
    this.logger.debug(`projected ${topic}[${partition}] up to ${last.offset}`);
    return last.offset;
  }
}

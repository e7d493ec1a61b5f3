import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { topicNames, type RegistryFact } from '@hookline/contracts';
import { FactProducer } from '@hookline/kafka';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';
import { waitForProjection } from '../endpoints/projection-wait';

/**
 * Appends one aggregate's facts to `registry` and waits (bounded) until the
 * projector has passed them, so the caller's next read sees them. An empty
 * decision appends nothing and returns at once.
 */
@Injectable()
export class RegistryLog {
  private readonly topic: string;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly db: DataSource,
    private readonly producer: FactProducer,
  ) {
    this.topic = topicNames(config.topicPrefix).registry;
  }

  async append(aggregateKey: string, facts: readonly RegistryFact[]): Promise<void> {
    if (facts.length === 0) return;
    const position = await this.producer.append(this.topic, aggregateKey, facts);
    await waitForProjection(this.db, position, this.config.readYourWritesTimeoutMs);
  }
}

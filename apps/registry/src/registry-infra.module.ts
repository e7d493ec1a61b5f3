import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@hookline/config';
import { createKafka, FactProducer } from '@hookline/kafka';
import { createDataSource } from '@hookline/persistence';
import { Readiness } from '@hookline/telemetry';
import { REGISTRY_CONFIG, registryConfigSpec, type RegistryConfig } from './registry.config';

/**
 * Config, database, fact producer and readiness, once per process. Global so
 * feature modules (endpoints, history, operations) inject them without each
 * re-creating a pool or a producer.
 */
@Global()
@Module({
  providers: [
    { provide: REGISTRY_CONFIG, useFactory: () => loadConfigOrExit(registryConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    {
      provide: DataSource,
      inject: [REGISTRY_CONFIG, Readiness],
      useFactory: async (config: RegistryConfig, readiness: Readiness) => {
        const db = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'hookline-registry' }).initialize();
        readiness.register('database', () => db.isInitialized);
        return db;
      },
    },
    {
      provide: FactProducer,
      inject: [REGISTRY_CONFIG],
      useFactory: async (config: RegistryConfig) => {
        const producer = new FactProducer(createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-registry' }));
        await producer.connect();
        return producer;
      },
    },
  ],
  exports: [REGISTRY_CONFIG, Readiness, DataSource, FactProducer],
})
export class RegistryInfraModule implements OnApplicationShutdown {
  constructor(
    private readonly db: DataSource,
    private readonly facts: FactProducer,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.facts.disconnect();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

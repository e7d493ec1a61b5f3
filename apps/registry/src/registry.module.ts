import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@hookline/config';
import { createKafka, FactProducer } from '@hookline/kafka';
import { createDataSource } from '@hookline/persistence';
import { Readiness } from '@hookline/telemetry';
import { EndpointCommands } from './endpoints/endpoint-commands';
import { EndpointQueries } from './endpoints/endpoint-queries';
import { EndpointsController } from './endpoints/endpoints.controller';
import { HealthController } from './health/health.controller';
import { AdminTokenGuard } from './http/admin-token.guard';
import { ApiErrorFilter } from './http/api-error.filter';
import { REGISTRY_CONFIG, registryConfigSpec, type RegistryConfig } from './registry.config';

@Module({
  controllers: [HealthController, EndpointsController],
  providers: [
    { provide: REGISTRY_CONFIG, useFactory: () => loadConfigOrExit(registryConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    { provide: APP_FILTER, useClass: ApiErrorFilter },
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
    AdminTokenGuard,
    EndpointCommands,
    EndpointQueries,
  ],
})
export class RegistryModule implements OnApplicationShutdown {
  constructor(
    private readonly db: DataSource,
    private readonly facts: FactProducer,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.facts.disconnect();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@hookline/config';
import { KafkaSubscriptions, RegistryTail } from '@hookline/kafka';
import { createDataSource } from '@hookline/persistence';
import { APP_FILTER } from '@nestjs/core';
import { ApiErrorFilter, HealthController, registryViewProvider } from '@hookline/runtime';
import { Readiness } from '@hookline/telemetry';
import { DedupePruner } from './dedupe/dedupe-pruner';
import { EventsConsumer } from './events/events.consumer';
import { DoorFanOut } from './http/door-fan-out';
import { EventsController } from './http/events.controller';
import { INGEST_CONFIG, ingestConfigSpec, type IngestConfig } from './ingest.config';

/** The process's one set of Kafka subscriptions, shared with the transport main.ts connects (libs/kafka/src/transport). */
export const INGEST_SUBSCRIPTIONS = new KafkaSubscriptions();

@Module({
  // EventsConsumer is the transport's handler (@EventPattern), so a controller.
  controllers: [HealthController, EventsController, EventsConsumer],
  providers: [
    { provide: KafkaSubscriptions, useValue: INGEST_SUBSCRIPTIONS },
    // Every error, unknown routes included, in the one error shape.
    { provide: APP_FILTER, useClass: ApiErrorFilter },
    { provide: INGEST_CONFIG, useFactory: () => loadConfigOrExit(ingestConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    {
      provide: DataSource,
      inject: [INGEST_CONFIG, Readiness],
      useFactory: async (config: IngestConfig, readiness: Readiness) => {
        const db = await createDataSource({ databaseUrl: config.databaseUrl, poolSize: 4, applicationName: 'hookline-ingest' }).initialize();
        readiness.register('database', () => db.isInitialized);
        return db;
      },
    },
    registryViewProvider(INGEST_CONFIG, 'ingest'),
    DoorFanOut,
    DedupePruner,
  ],
})
export class IngestModule implements OnApplicationShutdown {
  constructor(
    private readonly registry: RegistryTail,
    private readonly db: DataSource,
  ) {}

  // The transport stopped the events consumer before any shutdown hook; this runs after the providers' hooks.
  async onApplicationShutdown(): Promise<void> {
    await this.registry.stop();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@hookline/config';
import { KafkaSubscriptions } from '@hookline/kafka';
import { createDataSource } from '@hookline/persistence';
import { Readiness } from '@hookline/telemetry';
import { ProjectionConsumer } from './projection/projection.consumer';
import { HistoryRetention } from './retention/history-retention';
import { PROJECTOR_CONFIG, projectorConfigSpec, type ProjectorConfig } from './projector.config';

/** The process's one set of Kafka subscriptions, shared with the transport main.ts boots (libs/kafka/src/transport). */
export const PROJECTOR_SUBSCRIPTIONS = new KafkaSubscriptions();

@Module({
  controllers: [ProjectionConsumer],
  providers: [
    { provide: KafkaSubscriptions, useValue: PROJECTOR_SUBSCRIPTIONS },
    { provide: PROJECTOR_CONFIG, useFactory: () => loadConfigOrExit(projectorConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    {
      provide: DataSource,
      inject: [PROJECTOR_CONFIG, Readiness],
      useFactory: async (config: ProjectorConfig, readiness: Readiness) => {
        const db = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'hookline-projector' }).initialize();
        readiness.register('database', () => db.isInitialized);
        return db;
      },
    },
    HistoryRetention,
  ],
})
export class ProjectorModule implements OnApplicationShutdown {
  constructor(private readonly db: DataSource) {}

  // The transport stopped the consumer before any shutdown hook, and Nest runs a module's own hook after its providers'.
  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

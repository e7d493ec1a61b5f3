import type { FactoryProvider } from '@nestjs/common';
import { topicNames } from '@hookline/contracts';
import { createKafka, RegistryTail } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';

/** The in-memory registry view, caught up before the app reports ready. */
export const registryTailProvider: FactoryProvider<RegistryTail> = {
  provide: RegistryTail,
  inject: [INGEST_CONFIG, Readiness],
  useFactory: async (config: IngestConfig, readiness: Readiness) => {
    const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-ingest-view' });
    const tail = new RegistryTail(kafka, topicNames(config.topicPrefix).registry, 'ingest');
    readiness.register('registry-view', () => tail.isCaughtUp());
    await tail.start();
    return tail;
  },
};

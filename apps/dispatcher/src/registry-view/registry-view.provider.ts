import type { FactoryProvider } from '@nestjs/common';
import { topicNames } from '@hookline/contracts';
import { createKafka, RegistryTail } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';

/** The in-memory endpoint view (URLs, secrets, settings), caught up before the app reports ready. */
export const registryTailProvider: FactoryProvider<RegistryTail> = {
  provide: RegistryTail,
  inject: [DISPATCHER_CONFIG, Readiness],
  useFactory: async (config: DispatcherConfig, readiness: Readiness) => {
    const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-dispatcher-view' });
    const tail = new RegistryTail(kafka, topicNames(config.topicPrefix).registry, 'dispatcher');
    readiness.register('registry-view', () => tail.isCaughtUp());
    await tail.start();
    return tail;
  },
};

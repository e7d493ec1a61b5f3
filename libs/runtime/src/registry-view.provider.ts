import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import { topicNames } from '@hookline/contracts';
import { createKafka, RegistryTail } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';

interface ViewConfig {
  readonly kafkaBrokers: readonly string[];
  readonly topicPrefix: string;
}

/**
 * The in-memory registry view for an app that needs one (ingest, dispatcher):
 * caught up with the registry topic before the app reports ready, and kept
 * current after. The app's module stops it after its consumers have stopped.
 */
export function registryViewProvider(configToken: InjectionToken, app: string): FactoryProvider<RegistryTail> {
  return {
    provide: RegistryTail,
    inject: [configToken, Readiness],
    useFactory: async (config: ViewConfig, readiness: Readiness) => {
      const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: `hookline-${app}-view` });
      const tail = new RegistryTail(kafka, topicNames(config.topicPrefix).registry, app);
      readiness.register('registry-view', () => tail.isCaughtUp());
      await tail.start();
      return tail;
    },
  };
}

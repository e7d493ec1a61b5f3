import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { loadConfigOrExit } from '@hookline/config';
import { createKafka, FactProducer, RegistryTail } from '@hookline/kafka';
import { registryViewProvider } from '@hookline/runtime';
import { Readiness } from '@hookline/telemetry';
import { DISPATCHER_CONFIG, dispatcherConfigSpec, type DispatcherConfig } from './dispatcher.config';
import { DispatchConsumer } from './intake/dispatch.consumer';
import { AttemptRunner } from './sending/attempt-runner';

@Module({
  providers: [
    { provide: DISPATCHER_CONFIG, useFactory: () => loadConfigOrExit(dispatcherConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    registryViewProvider(DISPATCHER_CONFIG, 'dispatcher'),
    {
      // Appends EndpointDisabled (410, no success for too long) to `registry`.
      provide: FactProducer,
      inject: [DISPATCHER_CONFIG],
      useFactory: async (config: DispatcherConfig) => {
        const producer = new FactProducer(createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-dispatcher-registry' }));
        await producer.connect();
        return producer;
      },
    },
    AttemptRunner,
    DispatchConsumer,
  ],
})
export class DispatcherModule implements OnApplicationShutdown {
  constructor(
    private readonly registry: RegistryTail,
    private readonly facts: FactProducer,
  ) {}

  // Runs after the providers' hooks: the consumer has drained before these close.
  async onApplicationShutdown(): Promise<void> {
    await this.facts.disconnect();
    await this.registry.stop();
  }
}

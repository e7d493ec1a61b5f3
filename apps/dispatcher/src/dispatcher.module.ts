import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { loadConfigOrExit } from '@hookline/config';
import { createKafka, FactProducer, RegistryTail } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import { AttemptRunner } from './delivery/attempt-runner';
import { DeliveriesConsumer } from './delivery/deliveries.consumer';
import { DISPATCHER_CONFIG, dispatcherConfigSpec, type DispatcherConfig } from './dispatcher.config';
import { registryTailProvider } from './registry-view/registry-view.provider';

@Module({
  providers: [
    { provide: DISPATCHER_CONFIG, useFactory: () => loadConfigOrExit(dispatcherConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    registryTailProvider,
    {
      provide: FactProducer,
      inject: [DISPATCHER_CONFIG],
      useFactory: async (config: DispatcherConfig) => {
        const producer = new FactProducer(createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-dispatcher-log' }));
        await producer.connect();
        return producer;
      },
    },
    AttemptRunner,
    DeliveriesConsumer,
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

import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { RegistryTail } from '@hookline/kafka';
import { loadConfigOrExit } from '@hookline/config';
import { Readiness } from '@hookline/telemetry';
import { EventsConsumer } from './events/events.consumer';
import { INGEST_CONFIG, ingestConfigSpec } from './ingest.config';
import { registryTailProvider } from './registry-view/registry-view.provider';

@Module({
  providers: [
    { provide: INGEST_CONFIG, useFactory: () => loadConfigOrExit(ingestConfigSpec) },
    { provide: Readiness, useValue: new Readiness() },
    registryTailProvider,
    EventsConsumer,
  ],
})
export class IngestModule implements OnApplicationShutdown {
  constructor(private readonly registry: RegistryTail) {}

  // Runs after the providers' hooks: the events consumer has stopped before the view does.
  async onApplicationShutdown(): Promise<void> {
    await this.registry.stop();
  }
}

import type { INestApplication } from '@nestjs/common';
import type { NestMicroservice } from '@nestjs/microservices';
import { BatchErrorFilter, type KafkaBatchTransport } from '@hookline/kafka';

/**
 * Connects the Kafka batch transport beside an HTTP app's routes (ingest),
 * with its own exception filter: handlers' errors reach the consumer as they
 * are, so a stall names its cause on /readyz and in the logs; the HTTP routes
 * keep their filters. Call it before `app.init()`; the consumers start with
 * `app.startAllMicroservices()`.
 *
 * Nest binds a microservice's handlers, and reads its global filters, when it
 * initialises it. `connectMicroservice` does that at once unless deferred, so
 * a filter added afterwards was silently ignored (Nest only warns). Deferred,
 * the microservice initialises at `listen`, and would then run every module's
 * init hooks a second time: the app's `init()` runs them once, so it is told
 * they ran.
 */
export function connectBatchTransport(app: INestApplication, transport: KafkaBatchTransport): void {
  const microservice = app.connectMicroservice<{ strategy: KafkaBatchTransport }>({ strategy: transport }, { deferInitialization: true });
  microservice.useGlobalFilters(new BatchErrorFilter());
  (microservice as NestMicroservice).setIsInitHookCalled(true);
}

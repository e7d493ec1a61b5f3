import type { INestApplication, INestApplicationContext, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BatchErrorFilter, type KafkaBatchTransport } from '@hookline/kafka';
import { JsonLogger, Readiness, startOpsServer, stopTelemetry } from '@hookline/telemetry';
import { applyConsumerLivenessConfig } from './consumer-liveness.config';
import { connectBatchTransport } from './connect-batch-transport';
import { superviseConsumers } from './consumer-supervision';

/**
 * The two shapes an app boots in. Workers are Nest microservices over the
 * Kafka batch transport (libs/kafka/src/transport) with a tiny ops server
 * (/healthz, /readyz, /metrics); HTTP apps serve those on their own port and
 * may connect the transport beside their routes (ingest). Both drain on
 * SIGTERM/SIGINT: readiness flips to 503, the transport stops its consumers
 * (each subscription's beforeStop, then the consumer waits for its batch and
 * commits what is durable), then Nest runs the shutdown hooks (producers
 * close), then telemetry flushes. A consumer that stalls drains the app the
 * same way, but the process exits 1.
 *
 * Without a transport a worker is a plain application context (transition:
 * the dispatcher until it moved onto the transport).
 */
export async function bootWorker(
  service: string,
  module: Type<unknown>,
  opsPort: number,
  host: string,
  transport?: KafkaBatchTransport,
): Promise<INestApplicationContext> {
  const logger = new JsonLogger(service);
  applyConsumerLivenessConfig();
  let app: INestApplicationContext;
  let microservice: INestMicroservice | null = null;
  if (transport === undefined) {
    app = await NestFactory.createApplicationContext(module, { logger });
  } else {
    microservice = await NestFactory.createMicroservice(module, { strategy: transport, logger });
    microservice.useGlobalFilters(new BatchErrorFilter());
    app = microservice;
  }
  const readiness = app.get(Readiness);
  const ops = await startOpsServer(readiness, opsPort, host);
  drainOnSignals(app, readiness, logger, () => new Promise<void>((resolve) => ops.close(() => resolve())));
  await app.init();
  // After init: subscriptions may be defined in bootstrap hooks (the dispatcher's tiers are discovered there).
  await microservice?.listen();
  logger.log(`${service} ready; ops on ${host}:${opsPort}`, 'boot');
  return app;
}

export async function bootHttpApp(
  service: string,
  module: Type<unknown>,
  port: number,
  host: string,
  options: { bodyParser?: boolean; configure?: (app: INestApplication) => void; transport?: KafkaBatchTransport } = {},
): Promise<INestApplication> {
  const logger = new JsonLogger(service);
  applyConsumerLivenessConfig();
  const app = await NestFactory.create(module, { logger, bodyParser: options.bodyParser ?? true });
  options.configure?.(app);
  if (options.transport !== undefined) {
    connectBatchTransport(app, options.transport);
  }
  drainOnSignals(app, app.get(Readiness), logger, async () => undefined);
  await app.init();
  // Consumers after the bootstrap hooks (they define subscriptions), before the port opens.
  await app.startAllMicroservices();
  await app.listen(port, host);
  logger.log(`${service} listening on ${host}:${port}`, 'boot');
  return app;
}

function drainOnSignals(app: INestApplicationContext, readiness: Readiness, logger: JsonLogger, closeExtra: () => Promise<void>): void {
  let stopping = false;
  const stop = (why: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    readiness.markDraining();
    logger.log(`${why}: draining`, 'shutdown');
    const deadline = setTimeout(() => {
      logger.error('drain took longer than 30 s; exiting anyway', undefined, 'shutdown');
      process.exit(1);
    }, 30_000);
    deadline.unref();
    void (async () => {
      try {
        await app.close();
        await closeExtra();
        await stopTelemetry();
        logger.log('stopped cleanly', 'shutdown');
        process.exit(exitCode);
      } catch (error) {
        logger.error(error, undefined, 'shutdown');
        process.exit(1);
      }
    })();
  };
  process.once('SIGTERM', (signal) => stop(signal, 0));
  process.once('SIGINT', (signal) => stop(signal, 0));
  superviseConsumers(readiness, logger, stop);
}

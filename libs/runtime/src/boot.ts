import type { INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger, Readiness, startOpsServer, stopTelemetry } from '@hookline/telemetry';
import { applyConsumerLivenessConfig } from './consumer-liveness.config';
import { superviseConsumers } from './consumer-supervision';

/**
 * The two shapes an app boots in. Workers are application contexts with a tiny
 * ops server (/healthz, /readyz, /metrics); HTTP apps serve those on their own
 * port. Both drain on SIGTERM/SIGINT: readiness flips to 503, Nest runs every
 * shutdown hook (consumers stop and commit), then telemetry flushes. A consumer
 * that stalls drains the app the same way, but the process exits 1.
 */
export async function bootWorker(service: string, module: Type<unknown>, opsPort: number, host: string): Promise<INestApplicationContext> {
  const logger = new JsonLogger(service);
  applyConsumerLivenessConfig();
  const app = await NestFactory.createApplicationContext(module, { logger });
  const readiness = app.get(Readiness);
  const ops = await startOpsServer(readiness, opsPort, host);
  drainOnSignals(app, readiness, logger, () => new Promise<void>((resolve) => ops.close(() => resolve())));
  await app.init();
  logger.log(`${service} ready; ops on ${host}:${opsPort}`, 'boot');
  return app;
}

export async function bootHttpApp(
  service: string,
  module: Type<unknown>,
  port: number,
  host: string,
  options: { bodyParser?: boolean; configure?: (app: INestApplication) => void } = {},
): Promise<INestApplication> {
  const logger = new JsonLogger(service);
  applyConsumerLivenessConfig();
  const app = await NestFactory.create(module, { logger, bodyParser: options.bodyParser ?? true });
  options.configure?.(app);
  drainOnSignals(app, app.get(Readiness), logger, async () => undefined);
  await app.listen(port, host);
  logger.log(`${service} listening on ${host}:${port}`, 'boot');
  return app;
}

function drainOnSignals(
  app: INestApplicationContext,
  readiness: Readiness,
  logger: JsonLogger,
  closeExtra: () => Promise<void>,
): void {
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

import { chmod, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { provisionTopics } from '@hookline/kafka';
import { runMigrations } from '@hookline/persistence';
import { ensureKafkaJars } from './kafka-jars';
import { restartableKafkaBroker } from './kafka-broker';
import { restartablePostgres } from './postgres';
import type { RestartableServer } from './restartable-server';

export interface InfrastructureOptions {
  readonly root: string;
  /** Holds kafka/, postgres/ and logs/. */
  readonly dataDir: string;
  /** Brokers to use instead of starting one (KAFKA_BROKERS). */
  readonly externalBrokers?: readonly string[];
  /** A database to use instead of starting one (DATABASE_URL). */
  readonly externalDatabaseUrl?: string;
  readonly kafkaPort: number;
  readonly kafkaControllerPort: number;
  readonly postgresPort: number;
  /** See PostgresOptions.durable. */
  readonly durable: boolean;
  readonly topicPrefix: string;
  /** Extra retry tiers to provision besides the default schedule's. */
  readonly retryDelaysMs: readonly number[];
  readonly log: (line: string) => void;
  /** Gives up waiting for the broker and Postgres (a Ctrl-C during start-up); the start then rejects. */
  readonly abort?: AbortSignal;
}

export interface Infrastructure {
  readonly brokers: string[];
  readonly databaseUrl: string;
  /**
   * The broker and Postgres we started (none for external ones), running.
   * Each can be started again on the same data dir and ports: the supervisor
   * of `npm start` does so when one dies, and the fault suite kills them.
   */
  readonly servers: readonly RestartableServer[];
  /** Resolves, with what happened, if the first life of a broker or database we started exits before stop(). */
  readonly crashed: Promise<string>;
  /** Stops the servers' current lives, restarted ones included. */
  stop(): Promise<void>;
}

/**
 * Kafka and Postgres, ready for the apps: started locally unless external ones
 * are given, migrated and with every topic provisioned. Shared by `npm start`
 * and jest's global setup so both run the exact same stack.
 *
 * The two halves start in parallel (the broker's JVM dominates; Postgres and
 * its migrations fit inside it). If either fails, whatever did start is
 * stopped before the error is rethrown.
 */
export async function startInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  const { root, dataDir, log } = options;
  const logs = join(dataDir, 'logs');
  await mkdir(logs, { recursive: true });
  // As root, Postgres runs as its own OS user and must get through the data dir,
  // which mkdtemp (tests, benchmarks) creates owner-only.
  await chmod(dataDir, 0o755);
  const started: RestartableServer[] = [];
  const shown = (file: string): string => relative(process.cwd(), file) || file;

  const kafka = async (): Promise<string[]> => {
    let brokers: string[];
    if (options.externalBrokers !== undefined) {
      brokers = [...options.externalBrokers];
      log(`kafka     using ${brokers.join(',')}`);
    } else {
      const libDir = await ensureKafkaJars(root);
      const t0 = Date.now();
      const logFile = join(logs, 'kafka.log');
      const broker = restartableKafkaBroker({
        libDir,
        dataDir: join(dataDir, 'kafka'),
        port: options.kafkaPort,
        controllerPort: options.kafkaControllerPort,
        logFile,
      });
      started.push(broker);
      brokers = (await broker.start(options.abort)).brokers;
      log(`kafka     ${brokers.join(',')} up in ${seconds(t0)} (log: ${shown(logFile)})`);
    }
    const t1 = Date.now();
    const topics = await provisionTopics({ brokers, prefix: options.topicPrefix, retryDelays: options.retryDelaysMs });
    log(`kafka     ${topics.length} topics provisioned in ${seconds(t1)}`);
    return brokers;
  };

  const postgres = async (): Promise<string> => {
    let url: string;
    if (options.externalDatabaseUrl !== undefined) {
      url = options.externalDatabaseUrl;
      log('postgres  using DATABASE_URL');
    } else {
      const t0 = Date.now();
      const logFile = join(logs, 'postgres.log');
      const pg = restartablePostgres({ dataDir: join(dataDir, 'postgres'), port: options.postgresPort, logFile, durable: options.durable });
      started.push(pg);
      url = (await pg.start(options.abort)).url;
      log(`postgres  127.0.0.1:${options.postgresPort} up in ${seconds(t0)} (log: ${shown(logFile)})`);
    }
    const t1 = Date.now();
    await runMigrations(url);
    log(`postgres  migrated in ${seconds(t1)}`);
    return url;
  };

  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    await Promise.all(started.map((s) => s.stop()));
  };

  const [brokers, databaseUrl] = await Promise.allSettled([kafka(), postgres()]);
  if (brokers.status === 'rejected' || databaseUrl.status === 'rejected') {
    await stop();
    const errors = [brokers, databaseUrl].filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    throw errors.length === 1 ? errors[0] : new AggregateError(errors, 'Kafka and Postgres both failed to start');
  }

  const crashed = new Promise<string>((resolve) => {
    for (const server of started) {
      void server.current?.exited.then(() => {
        if (!stopping) resolve(`${server.name} exited unexpectedly (log: ${shown(server.logFile)})`);
      });
    }
  });
  return { brokers: brokers.value, databaseUrl: databaseUrl.value, servers: started, crashed, stop };
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TOPIC_PREFIX } from '@hookline/contracts';
import { freePorts } from './free-port';
import { startInfrastructure, type Infrastructure } from './infrastructure';
import { repoRoot } from './repo-root';

/** KAFKA_BROKERS / DATABASE_URL, when set, replace the broker and Postgres we would start. */
export function externalInfrastructure(env: NodeJS.ProcessEnv): { externalBrokers?: string[]; externalDatabaseUrl?: string } {
  return {
    externalBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((broker) => broker.trim()) : undefined,
    externalDatabaseUrl: env.DATABASE_URL || undefined,
  };
}

export interface ThrowawayOptions {
  /** Names the temp dir: /tmp/hookline-<label>-XXXXXX. */
  readonly label: string;
  readonly log: (line: string) => void;
  readonly retryDelaysMs?: readonly number[];
}

/**
 * A broker and a Postgres for one test run or benchmark: in a fresh temp dir,
 * on free ports (never the fixed ports of `npm start`, and two runs never
 * meet), without fsync (nothing here must survive a power cut, and fsync is
 * most of the cost of a commit), or the external ones from the environment.
 * stop() also deletes the temp dir, so nothing of the run is left behind.
 */
export async function startThrowawayInfrastructure(options: ThrowawayOptions): Promise<Infrastructure> {
  const dataDir = await mkdtemp(join(tmpdir(), `hookline-${options.label}-`));
  const [kafkaPort, kafkaControllerPort, postgresPort] = (await freePorts(3)) as [number, number, number];
  let infrastructure: Infrastructure;
  try {
    infrastructure = await startInfrastructure({
      root: repoRoot(__dirname),
      dataDir,
      ...externalInfrastructure(process.env),
      kafkaPort,
      kafkaControllerPort,
      postgresPort,
      durable: false,
      topicPrefix: DEFAULT_TOPIC_PREFIX,
      retryDelaysMs: options.retryDelaysMs ?? [],
      log: options.log,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...infrastructure,
    stop: async () => {
      try {
        await infrastructure.stop();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

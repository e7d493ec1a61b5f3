import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../../tools/local-stack/free-port';
import { startInfrastructure, type Infrastructure } from '../../tools/local-stack/infrastructure';
import { repoRoot } from '../../tools/local-stack/repo-root';

export interface BenchStack {
  readonly root: string;
  readonly brokers: string[];
  readonly databaseUrl: string;
  /** Resolves with what happened if the broker or Postgres we started dies mid-run. */
  readonly crashed: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Kafka and Postgres for the benchmark: KAFKA_BROKERS / DATABASE_URL when set,
 * otherwise a throwaway broker and Postgres (no fsync, like the tests') in a
 * temp dir on free ports — never the fixed ports of `npm start`.
 */
export async function startBenchStack(log: (line: string) => void): Promise<BenchStack> {
  const root = repoRoot(__dirname);
  const dataDir = mkdtempSync(join(tmpdir(), 'hookline-bench-e2e-'));
  chmodSync(dataDir, 0o755);
  const [kafkaPort, kafkaControllerPort, postgresPort] = (await freePorts(3)) as [number, number, number];
  const env = process.env;
  let infrastructure: Infrastructure;
  try {
    infrastructure = await startInfrastructure({
      root,
      dataDir,
      externalBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((b) => b.trim()) : undefined,
      externalDatabaseUrl: env.DATABASE_URL || undefined,
      kafkaPort,
      kafkaControllerPort,
      postgresPort,
      durable: false,
      // The shared `hookline.` topics are provisioned here; each engine gets its own prefix (engine-under-test.ts).
      topicPrefix: 'hookline.',
      retryDelaysMs: [],
      log,
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    root,
    brokers: infrastructure.brokers,
    databaseUrl: infrastructure.databaseUrl,
    crashed: infrastructure.crashed,
    stop: async () => {
      await infrastructure.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../tools/local-stack/free-port';
import { startInfrastructure } from '../tools/local-stack/infrastructure';
import { repoRoot } from '../tools/local-stack/repo-root';

export interface BenchInfrastructure {
  readonly brokers: string[];
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

/** KAFKA_BROKERS and DATABASE_URL when set; otherwise a throwaway broker and Postgres like the tests'. */
export async function benchInfrastructure(log: (line: string) => void): Promise<BenchInfrastructure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookline-bench-'));
  chmodSync(dataDir, 0o755);
  const [kafkaPort, kafkaControllerPort, postgresPort] = (await freePorts(3)) as [number, number, number];
  const env = process.env;
  const infrastructure = await startInfrastructure({
    root: repoRoot(__dirname),
    dataDir,
    externalBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',') : undefined,
    externalDatabaseUrl: env.DATABASE_URL || undefined,
    kafkaPort,
    kafkaControllerPort,
    postgresPort,
    durable: false,
    topicPrefix: 'hookline.',
    retryDelaysMs: [],
    log,
  });
  return {
    brokers: infrastructure.brokers,
    databaseUrl: infrastructure.databaseUrl,
    stop: async () => {
      await infrastructure.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

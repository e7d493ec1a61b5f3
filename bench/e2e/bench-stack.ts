import { repoRoot } from '../../tools/local-stack/repo-root';
import { startThrowawayInfrastructure } from '../../tools/local-stack/throwaway-infrastructure';

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
  // The shared `hookline.` topics are provisioned here; each engine gets its own prefix (engine-under-test.ts).
  const infrastructure = await startThrowawayInfrastructure({ label: 'bench-e2e', log });
  return { root: repoRoot(__dirname), ...infrastructure };
}

import { repoRoot } from '../../tools/local-stack/repo-root';
import { startThrowawayInfrastructure } from '../../tools/local-stack/throwaway-infrastructure';
import { findListeningProcess } from './listening-process';

export interface BenchStack {
  readonly root: string;
  readonly brokers: string[];
  readonly databaseUrl: string;
  /** The broker's and the postmaster's pids when they run on this machine (measured with their process trees). */
  readonly pids: { readonly kafka?: number; readonly postgres?: number };
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
  const kafka = loopbackPid(Number(infrastructure.brokers[0]?.split(':').pop()));
  const postgres = loopbackPid(Number(new URL(infrastructure.databaseUrl).port || 5432));
  log(
    `measuring kafka ${kafka === undefined ? 'not (not on this machine)' : `pid ${kafka}`}, postgres ${postgres === undefined ? 'not (not on this machine)' : `pid ${postgres} and its backends`}`,
  );
  return { root: repoRoot(__dirname), ...infrastructure, pids: { ...(kafka === undefined ? {} : { kafka }), ...(postgres === undefined ? {} : { postgres }) } };
}

function loopbackPid(port: number): number | undefined {
  return Number.isInteger(port) && port > 0 ? findListeningProcess(port) : undefined;
}

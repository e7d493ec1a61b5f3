import { runIngestBench } from './ingest.bench';
import { runProjectionBench } from './projection.bench';

/**
 * `npm run bench -- <name> [options]`. Each benchmark starts what it needs on
 * free loopback ports, prints its figures, and stops by itself. Speed is only
 * ever measured here, never asserted in tests. Add a benchmark with one line.
 */
type Bench = (args: readonly string[]) => Promise<unknown>;

const BENCHMARKS: Record<string, Bench> = {
  ingest: runIngestBench,
  projection: () => runProjectionBench(),
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const bench = name === undefined ? undefined : BENCHMARKS[name];
  if (bench === undefined) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [--quick]\n`);
    process.exit(2);
  }
  await bench(args);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

import { runEndToEndBench } from './e2e/e2e.bench';
import { runIngestBench } from './ingest.bench';
import { runProjectionBench } from './projection.bench';

/**
 * `npm run bench -- <name> [options]`. Each benchmark starts what it needs on
 * free loopback ports, prints its figures, and stops by itself. Speed is only
 * ever measured here, never asserted in tests. Add a benchmark with one line.
 */
type Bench = (args: readonly string[]) => Promise<unknown>;

const BENCHMARKS: Record<string, Bench> = {
  e2e: runEndToEndBench,
  ingest: runIngestBench,
  projection: () => runProjectionBench(),
  dispatch: (args) => import('./dispatch.bench').then((bench) => bench.runDispatchBench(args)),
  floor: (args) => import('./floor/floor.bench').then((bench) => bench.runFloorBench(args)),
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // No name (`npm run bench`, `npm run bench -- --quick`): the end-to-end benchmark.
  const [name, ...args] = argv[0] === undefined || argv[0].startsWith('--') ? ['e2e', ...argv] : argv;
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

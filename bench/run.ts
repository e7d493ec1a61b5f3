import { runProjectionBench } from './projection.bench';

/** `npm run bench -- <name>`: each benchmark prints its figures; none asserts a timing. */
const BENCHMARKS: Record<string, () => Promise<void>> = {
  projection: runProjectionBench,
};

const name = process.argv[2];
const bench = name === undefined ? undefined : BENCHMARKS[name];
if (bench === undefined) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>\n`);
  process.exit(2);
}
bench().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

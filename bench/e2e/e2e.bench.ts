import { parseSteps, runSingleStepPlan } from './single-step-plan';
import { join } from 'node:path';
import { APP_NAMES, type AppName } from '../../tools/local-stack/app-processes';
import { repoRoot } from '../../tools/local-stack/repo-root';
import type { PlanContext, PlanResult } from './bench-plans';
import { startBenchStack } from './bench-stack';
import { closeAllSessions, openSession } from './bench-session';
import { runFullPlan } from './full-plan';
import { startLoadGenerator } from './load-client';
import { startLoopbackReceiver } from './loopback-receiver';
import { inputKeying } from './measured-step';
import { runQuickPlan } from './quick-plan';
import { runTargetsPlan } from './targets-plan';
import { appEnvironments, watchApps, type WatchedApps } from './watch/watched-apps';
import { cpuSplitTable, engineCpuMsPerDelivery, headlineText, kafkaTable, processTable, rampHeadline, stepTable, writeResults, type Headline } from './report';

/** Set by --watch: the bench's lines also go into each watched app's file. */
let watched: WatchedApps | undefined;

const log = (line: string): void => {
  process.stdout.write(`[bench] ${line}\n`);
  watched?.mark(line);
};

/**
 * `npm run bench [-- --quick | --targets] [--runs=N] [--receiver-delay-ms=N] [--warm-up-s=N] [--key=project] [--profile=<app>[,<app>…]] [--watch] [--step=<door>/<group>/<rate>[,…]]` (also `npm run bench -- e2e …`):
 * the whole engine, end to end, under a fixed arrival rate. Method: BENCHMARKS.md.
 */
export async function runEndToEndBench(args: readonly string[]): Promise<PlanResult> {
  const quick = args.includes('--quick');
  const targets = args.includes('--targets');
  const receiverDelayMs = numberOption(args, '--receiver-delay-ms') ?? 0;
  // Each step is run this many times and reported as the median of its runs.
  const runs = numberOption(args, '--runs') ?? (quick || targets ? 1 : 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number of at least 1, got ${runs}`);
  // Seconds of unmeasured load per shape on the fresh engine before the first step (the broker's JIT warms up meanwhile).
  const warmUpSeconds = numberOption(args, '--warm-up-s');
  if (warmUpSeconds !== undefined && !(warmUpSeconds > 0)) throw new Error(`--warm-up-s needs a positive number of seconds, got ${warmUpSeconds}`);
  const profiled = profiledApps(args);
  const started = Date.now();
  const root = repoRoot(__dirname);
  // Every 5 s each app's CPU, event-loop use, handles, heap and GC into bench/results/watch/ (watch/service-watch.ts).
  watched = args.includes('--watch') ? watchApps(join(root, 'bench', 'results'), join(__dirname, 'watch'), new Date(started)) : undefined;
  const stepArg = args.find((a) => a.startsWith('--step='));
  const single = stepArg === undefined ? undefined : parseSteps(stepArg.slice('--step='.length));
  inputKeying.byProject = args.includes('--key=project');
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      await fn().catch((error: unknown) => process.stderr.write(`[bench] clean-up failed: ${String(error)}\n`));
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`[bench] ${signal}: stopping the engine and the infrastructure\n`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const receiver = await startLoopbackReceiver(receiverDelayMs);
    cleanups.push(() => receiver.close());
    const load = await startLoadGenerator();
    cleanups.push(() => load.close());
    const stack = await startBenchStack(log);
    cleanups.push(() => stack.stop());
    cleanups.push(closeAllSessions);
    const appEnv = appEnvironments(APP_NAMES, [(app) => (profiled?.apps.includes(app) ? profiled.env : undefined), (app) => watched?.envOf(app)]);
    const session = await openSession(stack, receiver, load, log, { appEnv });
    if (profiled !== undefined) log(`profiling ${profiled.apps.join(', ')}: a .cpuprofile each lands in ${profiled.dir} when it stops`);
    if (watched !== undefined) log(`watching every app: a line each 5 s per app in ${watched.dir}`);
    const openEngine = () => openSession(stack, receiver, load, log, { appEnv, freshDatabase: true });
    const ctx: PlanContext = { stack, receiver, load, session, openEngine, runs, log, ...(warmUpSeconds === undefined ? {} : { warmUpSeconds }) };
    const crashed = Promise.race([stack.crashed, session.engine.crashed]).then((what) => {
      throw new Error(`${what} during the benchmark`);
    });
    const result = await Promise.race([
      single !== undefined ? runSingleStepPlan(ctx, single) : quick ? runQuickPlan(ctx) : targets ? runTargetsPlan(ctx) : runFullPlan(ctx),
      crashed,
    ]);
    const seconds = (Date.now() - started) / 1000;
    const headline = headlineOf(result);
    const all = [...result.ramps.flatMap((r) => r.steps), ...result.steps, ...(result.tracing ? [result.tracing.off, result.tracing.on] : [])];
    process.stdout.write(
      `\n${stepTable(all)}\n\n${processTable(all)}\n\nCPU of each app, cores: main thread, other threads, kernel (of the whole):\n${cpuSplitTable(all, APP_NAMES)}\n\nKafka requests per delivery, by API:\n${kafkaTable(all)}\n\n${headlineText(headline)}\n\n`,
    );
    const receiverStats = await receiver.stats();
    const file = writeResults(root, single !== undefined ? 'e2e-step' : quick ? 'e2e-quick' : targets ? 'e2e-targets' : 'e2e', {
      meta: {
        quick,
        targets,
        runs,
        receiverDelayMs,
        keyedByProject: inputKeying.byProject,
        seconds,
        startedAt: new Date(started).toISOString(),
        strayRequests: receiverStats.stray,
      },
      headline,
      ...result,
    });
    const invalid = all.filter((r) => !r.valid).length;
    process.stdout.write(`${invalid === 0 ? 'every ledger balances' : `${invalid} step(s) INVALID`}; ${seconds.toFixed(0)} s; JSON: ${file}\n`);
    if (invalid > 0) throw new Error(`${invalid} step(s) INVALID: their ledger does not balance (see the table)`);
    return result;
  } finally {
    await cleanUp();
    watched = undefined;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function headlineOf(result: PlanResult): Headline {
  const t = result.tracing;
  return {
    maxSustained: result.ramps.map(rampHeadline),
    baselineDeliveriesPerSecond: result.baseline.deliveriesPerSecond,
    ...(t === undefined
      ? {}
      : {
          tracing: {
            rate: t.rate,
            cpuMsPerDeliveryOff: engineCpuMsPerDelivery(t.off),
            cpuMsPerDeliveryOn: engineCpuMsPerDelivery(t.on),
            p99OffMs: t.off.median.p99Ms,
            p99OnMs: t.on.median.p99Ms,
            exportedBytes: t.exportedBytes,
          },
        }),
  };
}

/** `--profile=<app>[,<app>…]`: those apps of the main engine run with V8's CPU profiler, each writing a .cpuprofile on exit (open it in Chrome DevTools). */
function profiledApps(args: readonly string[]): { apps: AppName[]; env: Record<string, string>; dir: string } | undefined {
  const arg = args.find((a) => a.startsWith('--profile='));
  if (arg === undefined) return undefined;
  const apps = arg.slice('--profile='.length).split(',');
  for (const app of apps) {
    if (!(APP_NAMES as readonly string[]).includes(app)) throw new Error(`--profile: expected some of ${APP_NAMES.join(', ')}, got "${app}"`);
  }
  const dir = join(repoRoot(__dirname), 'bench', 'results', 'profiles');
  return { apps: apps as AppName[], env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` }, dir };
}

function numberOption(args: readonly string[], name: string): number | undefined {
  const arg = args.find((a) => a.startsWith(`${name}=`));
  if (arg === undefined) return undefined;
  const value = Number(arg.slice(name.length + 1));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a non-negative number, got "${arg}"`);
  return value;
}

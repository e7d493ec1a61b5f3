import { repoRoot } from '../../tools/local-stack/repo-root';
import { startBenchStack, type BenchStack } from './bench-stack';
import { openSession, type BenchSession } from './bench-session';
import { startLoopbackReceiver, type LoopbackReceiver } from './loopback-receiver';
import { runMeasuredStep, type StepResult, type StepSpec } from './measured-step';
import { processTable, stepTable, writeResults } from './report';

const KIB = 1024;
const log = (line: string): void => {
  process.stdout.write(`[bench] ${line}\n`);
};

/**
 * `npm run bench` (no name) / `npm run bench -- e2e [--quick] [--receiver-delay-ms=N]`:
 * the whole engine, end to end, under a fixed arrival rate. See BENCHMARKS.md.
 */
export async function runEndToEndBench(args: readonly string[]): Promise<void> {
  const quick = args.includes('--quick');
  const receiverDelayMs = numberOption(args, '--receiver-delay-ms') ?? 0;
  const started = Date.now();
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
    const stack = await startBenchStack(log);
    cleanups.push(() => stack.stop());
    const session = await openSession(stack, receiver, log);
    cleanups.push(() => session.close());
    const crashed = Promise.race([stack.crashed, session.engine.crashed]).then((what) => {
      throw new Error(`${what} during the benchmark`);
    });
    const run = quick ? runQuick(session) : runQuick(session);
    const results = await Promise.race([run, crashed]);
    report(results, { quick, receiverDelayMs, seconds: (Date.now() - started) / 1000, receiver, stack });
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runQuick(session: BenchSession): Promise<StepResult[]> {
  const base = { warmupMs: 3_000, measureMs: 10_000, drainMs: 20_000 };
  const specs: StepSpec[] = [
    { label: 'f1 1KiB', fanOut: 1, payloadBytes: KIB, rate: 200, ...base },
    { label: 'f10 1KiB', fanOut: 10, payloadBytes: KIB, rate: 40, ...base },
    { label: 'f1 50KiB', fanOut: 1, payloadBytes: 50 * KIB, rate: 100, ...base },
  ];
  const results: StepResult[] = [];
  for (const spec of specs) {
    log(`${spec.label}: ${spec.rate} events/s for ${(spec.warmupMs + spec.measureMs) / 1000} s`);
    results.push(await runMeasuredStep(session, spec));
  }
  return results;
}

function report(results: StepResult[], meta: { quick: boolean; receiverDelayMs: number; seconds: number; receiver: LoopbackReceiver; stack: BenchStack }): void {
  const invalid = results.filter((r) => !r.valid).length;
  process.stdout.write(`\n${stepTable(results)}\n\n${processTable(results)}\n\n`);
  const file = writeResults(repoRoot(__dirname), meta.quick ? 'e2e-quick' : 'e2e', { meta: { quick: meta.quick, receiverDelayMs: meta.receiverDelayMs, seconds: meta.seconds, strayRequests: meta.receiver.stray() }, results });
  process.stdout.write(`${invalid === 0 ? 'every ledger balances' : `${invalid} run(s) INVALID: their ledger does not balance`}; ${meta.seconds.toFixed(0)} s; JSON: ${file}\n`);
  if (invalid > 0) process.exitCode = 1;
}

function numberOption(args: readonly string[], name: string): number | undefined {
  const arg = args.find((a) => a.startsWith(`${name}=`));
  if (arg === undefined) return undefined;
  const value = Number(arg.slice(name.length + 1));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a non-negative number, got "${arg}"`);
  return value;
}

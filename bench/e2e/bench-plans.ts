import type { BenchStack } from './bench-stack';
import { openSession, type BenchSession } from './bench-session';
import type { LoopbackReceiver } from './loopback-receiver';
import { runMeasuredStep, type StepResult, type StepSpec } from './measured-step';
import { maxSustained, nextRampRate, type RampPlan, type RampStep } from './ramp';
import { runRawBaseline, type RawBaselineResult } from './raw-baseline';
import { startTracingSink, tracingOnEnv } from './tracing-sink';

export const KIB = 1024;

export interface PlanContext {
  readonly stack: BenchStack;
  readonly receiver: LoopbackReceiver;
  readonly session: BenchSession;
  readonly log: (line: string) => void;
}

export interface RampResult {
  readonly label: string;
  readonly fanOut: number;
  readonly steps: StepResult[];
  /** Events/s; deliveries/s is this × fan-out. */
  readonly maxSustainedRate: number | undefined;
}

export interface TracingCost {
  readonly rate: number;
  readonly off: StepResult;
  readonly on: StepResult;
  readonly exportedBytes: number;
  readonly exportRequests: number;
}

export interface PlanResult {
  readonly steps: StepResult[];
  readonly ramps: RampResult[];
  readonly baseline: RawBaselineResult;
  readonly tracing?: TracingCost;
}

export async function step(session: BenchSession, spec: StepSpec): Promise<StepResult> {
  session.log(`${spec.label}: ${spec.rate} events/s × fan-out ${spec.fanOut}, ${spec.payloadBytes / KIB} KiB, ${(spec.warmupMs + spec.measureMs) / 1000} s`);
  const result = await runMeasuredStep(session, spec);
  const l = result.ledger;
  session.log(
    `  → ${result.deliveriesPerSecond.toFixed(0)} deliveries/s, p99 ${result.latencyMs.p99.toFixed(0)} ms, ledger ${l.delivered}+${l.failed}+${l.inFlight}=${l.expectedPairs}${result.valid ? '' : ' INVALID'}, ${result.verdict.sustained ? 'sustained' : result.verdict.reasons.join('; ')}`,
  );
  const b = result.breakdown;
  if (b !== undefined) {
    const part = (name: string, x: { p50: number; p99: number }) => `${name} p50 ${x.p50.toFixed(0)} / p99 ${x.p99.toFixed(0)} ms`;
    session.log(`  latency split: ${part('due→accepted', b.dueToAccepted)}; ${part('accepted→attempt', b.acceptedToAttempt)}; ${part('attempt', b.attempt)}`);
  }
  return result;
}

export async function ramp(ctx: PlanContext, label: string, fanOut: number, plan: RampPlan, timing: Omit<StepSpec, 'label' | 'fanOut' | 'payloadBytes' | 'rate'>): Promise<RampResult> {
  const history: RampStep[] = [];
  const steps: StepResult[] = [];
  for (let rate = nextRampRate(plan, history); rate !== null; rate = nextRampRate(plan, history)) {
    const result = await step(ctx.session, { label: `${label} ramp ${rate}/s`, fanOut, payloadBytes: KIB, rate, ...timing });
    steps.push(result);
    // An invalid ledger means the engine lost or invented work: that rate is not sustained, whatever else.
    history.push({ rate, sustained: result.verdict.sustained && result.valid });
  }
  return { label, fanOut, steps, maxSustainedRate: maxSustained(history) };
}

export async function baseline(ctx: PlanContext, records: number): Promise<RawBaselineResult> {
  ctx.log(`raw baseline: ${records} records of 1 KiB, consume + POST, 10 in flight`);
  const result = await runRawBaseline({
    root: ctx.stack.root,
    brokers: ctx.stack.brokers,
    prefix: ctx.session.engine.prefix,
    receiver: ctx.receiver,
    records,
    payloadBytes: KIB,
    concurrency: 10,
    timeoutMs: 120_000,
  });
  ctx.log(`  → ${result.deliveriesPerSecond.toFixed(0)} deliveries/s (${result.delivered}/${records}, ${result.process.cpuCores.toFixed(2)} cores)`);
  return result;
}

/**
 * Tracing cost: the same fixed-rate step on two fresh engines, one with the
 * default set-up (spans recorded, not exported) and one sampling every trace
 * and exporting over OTLP to a loopback sink.
 */
export async function tracingCost(ctx: PlanContext, spec: StepSpec): Promise<TracingCost> {
  const sink = await startTracingSink();
  try {
    const withTracing = await openSession(ctx.stack, ctx.receiver, ctx.log, { env: tracingOnEnv(sink) });
    let on: StepResult;
    try {
      await warmUp(withTracing, 5);
      on = await step(withTracing, { ...spec, label: `${spec.label} tracing on` });
    } finally {
      await withTracing.close();
    }
    const without = await openSession(ctx.stack, ctx.receiver, ctx.log);
    let off: StepResult;
    try {
      await warmUp(without, 5);
      off = await step(without, { ...spec, label: `${spec.label} tracing off` });
    } finally {
      await without.close();
    }
    return { rate: spec.rate, on, off, exportedBytes: sink.bytes(), exportRequests: sink.requests() };
  } finally {
    await sink.close();
  }
}

/**
 * A fresh engine's first seconds of load are slower (JIT, connection pools,
 * consumer groups settling, the first transactions): a short unmeasured run
 * of each shape first, so the first measured step is not a cold start.
 */
export async function warmUp(session: BenchSession, seconds: number): Promise<void> {
  const timing = { warmupMs: 0, measureMs: seconds * 1000, drainMs: 20_000 };
  for (const [fanOut, rate] of [[1, 50], [10, 10]] as const) {
    session.log(`warm-up (not measured): ${rate} events/s × fan-out ${fanOut} for ${seconds} s`);
    await runMeasuredStep(session, { label: `warm-up f${fanOut}`, fanOut, payloadBytes: KIB, rate, ...timing });
  }
}

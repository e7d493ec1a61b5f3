import type { BenchStack } from './bench-stack';
import { openSession, type BenchSession } from './bench-session';
import type { GroupName } from './endpoint-group';
import type { LoadGenerator } from './load-client';
import type { LoopbackReceiver } from './loopback-receiver';
import { runMeasuredStep, type InputDoor, type StepResult, type StepSpec } from './measured-step';
import { gridRate, maxSustained, nextRampIndex, type RampPlan, type RampStep } from './ramp';
import { runRawBaseline, type RawBaselineResult } from './raw-baseline';
import { combineRuns, type MeasuredStep } from './step-runs';
import { startTracingSink, tracingOnEnv } from './tracing-sink';

export const KIB = 1024;

export interface PlanContext {
  readonly stack: BenchStack;
  readonly receiver: LoopbackReceiver;
  readonly load: LoadGenerator;
  readonly session: BenchSession;
  /** Another engine like the session's, with a database of its own (fresh-engine.ts). */
  readonly openEngine: () => Promise<BenchSession>;
  /** Runs per step (`--runs=`); each figure is their median. */
  readonly runs: number;
  /** Seconds of unmeasured load per warm-up shape (`--warm-up-s=`); each plan has its own default. */
  readonly warmUpSeconds?: number;
  readonly log: (line: string) => void;
}

/** What a ramp searches: events of one shape through one door. */
export interface Scenario {
  readonly label: string;
  readonly input: InputDoor;
  readonly group: GroupName;
}

export interface RampResult extends Scenario {
  readonly pairsPerEvent: number;
  readonly steps: MeasuredStep[];
  /** Events/s; deliveries/s is this × pairs per event. */
  readonly maxSustainedRate: number | undefined;
}

export interface TracingCost {
  readonly rate: number;
  readonly off: MeasuredStep;
  readonly on: MeasuredStep;
  readonly exportedBytes: number;
  readonly exportRequests: number;
}

export interface PlanResult {
  readonly steps: MeasuredStep[];
  readonly ramps: RampResult[];
  readonly baseline: RawBaselineResult;
  readonly tracing?: TracingCost;
}

export type StepTiming = Pick<StepSpec, 'warmupMs' | 'measureMs' | 'drainMs'>;

/** A step run `runs` times in a row on the session's engine, reported as the median of the runs. */
export async function step(session: BenchSession, spec: StepSpec, runs: number): Promise<MeasuredStep> {
  const results: StepResult[] = [];
  for (let i = 0; i < runs; i++) {
    session.log(
      `${spec.label}${runs > 1 ? ` (run ${i + 1}/${runs})` : ''}: ${spec.rate} events/s via ${spec.input} to ${spec.group}, ${spec.payloadBytes / KIB} KiB, ${(spec.warmupMs + spec.measureMs) / 1000} s`,
    );
    const result = await runMeasuredStep(session, spec);
    const l = result.ledger;
    const e = result.efficiency;
    session.log(
      `  → ${result.deliveriesPerSecond.toFixed(0)} deliveries/s, p99 ${result.latencyMs.p99.toFixed(0)} ms, machine CPU ${(result.machineCpu.busyShare * 100).toFixed(0)} %, ${e.deliveriesPerEngineCpuSecond.toFixed(0)} deliveries per engine CPU-s, ${e.kafkaRequestsPerDelivery.toFixed(2)} Kafka requests per delivery, ledger ${l.delivered}+${l.failed}+${l.inFlight}=${l.expectedPairs}${result.valid ? '' : ' INVALID'}, ${result.verdict.sustained ? 'sustained' : result.verdict.reasons.join('; ')}`,
    );
    const b = result.breakdown;
    if (b !== undefined) {
      const part = (name: string, x: { p50: number; p99: number }) => `${name} p50 ${x.p50.toFixed(0)} / p99 ${x.p99.toFixed(0)} ms`;
      session.log(`  latency split: ${part('due→accepted', b.dueToAccepted)}; ${part('accepted→attempt', b.acceptedToAttempt)}; ${part('attempt', b.attempt)}`);
    }
    results.push(result);
  }
  return combineRuns(results);
}

export async function ramp(ctx: PlanContext, scenario: Scenario, plan: RampPlan, timing: StepTiming): Promise<RampResult> {
  const history: RampStep[] = [];
  const steps: MeasuredStep[] = [];
  for (let index = nextRampIndex(plan, history); index !== null; index = nextRampIndex(plan, history)) {
    const rate = gridRate(plan, index);
    const measured = await step(
      ctx.session,
      { label: `${scenario.label} ramp ${rate}/s`, input: scenario.input, group: scenario.group, payloadBytes: KIB, rate, ...timing },
      ctx.runs,
    );
    steps.push(measured);
    // An invalid ledger means the engine lost or invented work: that rate is not sustained, whatever else.
    history.push({ index, rate, sustained: measured.sustained && measured.valid });
  }
  return { ...scenario, pairsPerEvent: steps[0]?.pairsPerEvent ?? 1, steps, maxSustainedRate: maxSustained(history) };
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
  ctx.log(`  → ${result.deliveriesPerSecond.toFixed(0)} deliveries/s (${result.delivered}/${records}, ${result.process?.cpuCores.toFixed(2) ?? '?'} cores)`);
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
    const withTracing = await openSession(ctx.stack, ctx.receiver, ctx.load, ctx.log, { env: tracingOnEnv(sink) });
    let on: MeasuredStep;
    try {
      await warmUp(withTracing, 5);
      on = await step(withTracing, { ...spec, label: `${spec.label} tracing on` }, ctx.runs);
    } finally {
      await withTracing.close();
    }
    const without = await openSession(ctx.stack, ctx.receiver, ctx.load, ctx.log);
    let off: MeasuredStep;
    try {
      await warmUp(without, 5);
      off = await step(without, { ...spec, label: `${spec.label} tracing off` }, ctx.runs);
    } finally {
      await without.close();
    }
    return { rate: spec.rate, on, off, exportedBytes: sink.bytes(), exportRequests: sink.requests() };
  } finally {
    await sink.close();
  }
}

/** Each shape a plan measures, at a low rate, for the warm-up. */
const WARM_UP_SHAPES: ReadonlyArray<{ input: InputDoor; group: GroupName; rate: number }> = [
  { input: 'kafka', group: 'f1', rate: 50 },
  { input: 'kafka', group: 'f10', rate: 10 },
  { input: 'http', group: 'f1', rate: 50 },
  { input: 'http', group: 's100', rate: 50 },
];

/**
 * A fresh engine's first seconds of load are slower (JIT, connection pools,
 * consumer groups settling, the first transactions): a short unmeasured run
 * of each shape first, so the first measured step is not a cold start.
 */
export async function warmUp(session: BenchSession, seconds: number): Promise<void> {
  const timing = { warmupMs: 0, measureMs: seconds * 1000, drainMs: 20_000 };
  for (const shape of WARM_UP_SHAPES) {
    session.log(`warm-up (not measured): ${shape.rate} events/s via ${shape.input} to ${shape.group} for ${seconds} s`);
    await runMeasuredStep(session, { label: `warm-up ${shape.input} ${shape.group}`, payloadBytes: KIB, ...shape, ...timing });
  }
}

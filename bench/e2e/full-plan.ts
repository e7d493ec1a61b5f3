import { baseline, KIB, ramp, step, tracingCost, warmUp, type PlanContext, type PlanResult, type RampResult, type Scenario } from './bench-plans';
import type { RampPlan } from './ramp';
import type { MeasuredStep } from './step-runs';

const RAMP_TIMING = { warmupMs: 4_000, measureMs: 12_000, drainMs: 20_000 };
const STEADY_TIMING = { warmupMs: 5_000, measureMs: 30_000, drainMs: 30_000 };

/** Rates 10 % apart, jumping ×1.95 until a step fails. */
const rampFrom = (startRate: number): RampPlan => ({ startRate, ratio: 1.1, coarseSteps: 7, minRate: 2, maxSteps: 12 });

const SCENARIOS: ReadonlyArray<{ scenario: Scenario; plan: RampPlan }> = [
  { scenario: { label: 'kafka f1', input: 'kafka', group: 'f1' }, plan: rampFrom(50) },
  { scenario: { label: 'kafka f10', input: 'kafka', group: 'f10' }, plan: rampFrom(10) },
  { scenario: { label: 'http f1', input: 'http', group: 'f1' }, plan: rampFrom(50) },
  { scenario: { label: 'http s100 50ms', input: 'http', group: 's100' }, plan: rampFrom(50) },
];

/**
 * The full run: ramps to the highest sustained rate of each scenario — Kafka
 * input at fan-out 1 and 10, HTTP input to one endpoint, HTTP input spread
 * over 100 endpoints whose receiver answers after 50 ms — each step the
 * median of `--runs` runs; latency at half of the Kafka rates, 50 KiB, HTTP
 * at a fixed 200 events/s; the raw baseline; the cost of tracing. About an
 * hour with three runs per step on two cores.
 */
export async function runFullPlan(ctx: PlanContext): Promise<PlanResult> {
  await warmUp(ctx.session, ctx.warmUpSeconds ?? 10);
  const ramps: RampResult[] = [];
  for (const { scenario, plan } of SCENARIOS) ramps.push(await ramp(ctx, scenario, plan, RAMP_TIMING));

  const half = (r: RampResult | undefined) => Math.max(1, Math.round((r?.maxSustainedRate ?? r?.steps[0]?.spec.rate ?? 10) / 2));
  const [f1, f10] = ramps;
  const steps: MeasuredStep[] = [];
  steps.push(
    await step(ctx.session, { label: 'kafka f1 1KiB @50%', input: 'kafka', group: 'f1', payloadBytes: KIB, rate: half(f1), ...STEADY_TIMING }, ctx.runs),
  );
  steps.push(
    await step(ctx.session, { label: 'kafka f10 1KiB @50%', input: 'kafka', group: 'f10', payloadBytes: KIB, rate: half(f10), ...STEADY_TIMING }, ctx.runs),
  );
  steps.push(
    await step(
      ctx.session,
      { label: 'kafka f1 50KiB @50% of f1', input: 'kafka', group: 'f1', payloadBytes: 50 * KIB, rate: half(f1), ...STEADY_TIMING },
      ctx.runs,
    ),
  );
  // Issue 14's comparison point: 200 events/s published over HTTP, one endpoint.
  steps.push(await step(ctx.session, { label: 'http f1 1KiB @200/s', input: 'http', group: 'f1', payloadBytes: KIB, rate: 200, ...STEADY_TIMING }, ctx.runs));
  const raw = await baseline(ctx, 20_000);
  // The tracing comparison runs on two fresh engines, each alone on the machine.
  await ctx.session.close();
  const tracing = await tracingCost(ctx, {
    label: 'kafka f1 1KiB @50%',
    input: 'kafka',
    group: 'f1',
    payloadBytes: KIB,
    rate: half(f1),
    warmupMs: 5_000,
    measureMs: 20_000,
    drainMs: 30_000,
  });
  return { steps, ramps, baseline: raw, tracing };
}

import { baseline, KIB, ramp, step, warmUp, type PlanContext, type PlanResult, type RampResult, type Scenario } from './bench-plans';
import { onFreshEngine } from './fresh-engine';
import type { RampPlan } from './ramp';
import type { MeasuredStep } from './step-runs';

/** Shorter steps than the full plan's: the targets run has to fit beside the test suite in one session. */
const RAMP_TIMING = { warmupMs: 3_000, measureMs: 8_000, drainMs: 15_000 };
const STEADY_TIMING = { warmupMs: 5_000, measureMs: 20_000, drainMs: 20_000 };

/** Grid 10 % apart from the "before" figure, jumping four grid steps (× 1.46) while steps hold. */
const rampFrom = (startRate: number): RampPlan => ({ startRate, ratio: 1.1, coarseSteps: 4, minRate: 2, maxSteps: 9 });

/** Issue 14's four throughput targets, each a ramp; the start rates are the figures measured before the work. */
const SCENARIOS: ReadonlyArray<{ scenario: Scenario; plan: RampPlan; target: number }> = [
  { scenario: { label: 'http f1', input: 'http', group: 'f1' }, plan: rampFrom(400), target: 3_000 },
  { scenario: { label: 'http s100 50ms', input: 'http', group: 's100' }, plan: rampFrom(400), target: 2_000 },
  { scenario: { label: 'kafka f1', input: 'kafka', group: 'f1' }, plan: rampFrom(600), target: 5_000 },
  // Events/s: each makes ten deliveries, so the 10,000 deliveries/s target is 1,000 events/s.
  { scenario: { label: 'kafka f10', input: 'kafka', group: 'f10' }, plan: rampFrom(80), target: 1_000 },
];

/**
 * `--targets` (about 12 minutes on two cores, 30 with `--runs=3`): issue 14's
 * figures and nothing else. Latency and machine CPU at 200 events/s over HTTP
 * and Kafka requests per delivery at 1,000 events/s from Kafka, on the run's
 * first engine as in every earlier pass; then the highest sustained rate of
 * HTTP to one endpoint, HTTP over 100 endpoints with a 50 ms receiver, and
 * Kafka input at fan-out 1 and 10, each ramp on a fresh engine as in the
 * issue's comparison. One run per step unless `--runs` says more.
 */
export async function runTargetsPlan(ctx: PlanContext): Promise<PlanResult> {
  await warmUp(ctx.session, ctx.warmUpSeconds ?? 5);
  const steps: MeasuredStep[] = [];
  steps.push(
    await step(
      ctx.session,
      { label: 'http f1 1KiB @200/s', input: 'http', group: 'f1', payloadBytes: KIB, rate: 200, ...STEADY_TIMING, breakdown: true },
      ctx.runs,
    ),
  );
  steps.push(
    await step(ctx.session, { label: 'kafka f1 1KiB @1000/s', input: 'kafka', group: 'f1', payloadBytes: KIB, rate: 1_000, ...STEADY_TIMING }, ctx.runs),
  );
  // Only the raw baseline uses the first engine's topics from here on.
  await ctx.session.close();
  const ramps: RampResult[] = [];
  for (const { scenario, plan, target } of SCENARIOS) {
    ctx.log(`ramp ${scenario.label}: target ${target} events/s`);
    ramps.push(await onFreshEngine(ctx, (session) => ramp({ ...ctx, session }, scenario, plan, RAMP_TIMING)));
  }
  return { steps, ramps, baseline: await baseline(ctx, 5_000) };
}

import { baseline, KIB, ramp, step, tracingCost, warmUp, type PlanContext, type PlanResult, type RampResult } from './bench-plans';
import type { StepResult } from './measured-step';
import type { RampPlan } from './ramp';

const RAMP_TIMING = { warmupMs: 4_000, measureMs: 12_000, drainMs: 20_000 };
const STEADY_TIMING = { warmupMs: 5_000, measureMs: 30_000, drainMs: 30_000 };

/**
 * The full run: ramps to the highest sustained rate for 1 KiB events at
 * fan-out 1 and 10 (instant receiver), latency at half of each, 50 KiB at
 * half of the fan-out-1 rate, the raw baseline, and the cost of tracing at
 * half the fan-out-1 rate. Roughly 10–15 minutes on two cores.
 */
export async function runFullPlan(ctx: PlanContext): Promise<PlanResult> {
  await warmUp(ctx.session, 10);
  const ramps: RampResult[] = [];
  const f1Plan: RampPlan = { startRate: 50, growth: 2, precision: 0.15, minRate: 5, maxSteps: 8 };
  ramps.push(await ramp(ctx, 'f1 1KiB', 1, f1Plan, RAMP_TIMING));
  const f10Plan: RampPlan = { startRate: 10, growth: 2, precision: 0.15, minRate: 2, maxSteps: 8 };
  ramps.push(await ramp(ctx, 'f10 1KiB', 10, f10Plan, RAMP_TIMING));

  const half = (r: RampResult) => Math.max(1, Math.round((r.maxSustainedRate ?? ramps[0]?.steps[0]?.spec.rate ?? 10) / 2));
  const [f1, f10] = ramps as [RampResult, RampResult];
  const steps: StepResult[] = [];
  steps.push(await step(ctx.session, { label: 'f1 1KiB @50%', fanOut: 1, payloadBytes: KIB, rate: half(f1), ...STEADY_TIMING }));
  steps.push(await step(ctx.session, { label: 'f10 1KiB @50%', fanOut: 10, payloadBytes: KIB, rate: half(f10), ...STEADY_TIMING }));
  steps.push(await step(ctx.session, { label: 'f1 50KiB @50% of f1', fanOut: 1, payloadBytes: 50 * KIB, rate: half(f1), ...STEADY_TIMING }));
  const raw = await baseline(ctx, 20_000);
  // The tracing comparison runs on two fresh engines, each alone on the machine.
  await ctx.session.close();
  const tracing = await tracingCost(ctx, { label: 'f1 1KiB @50%', fanOut: 1, payloadBytes: KIB, rate: half(f1), warmupMs: 5_000, measureMs: 20_000, drainMs: 30_000 });
  return { steps, ramps, baseline: raw, tracing };
}

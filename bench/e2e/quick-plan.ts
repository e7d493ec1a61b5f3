import { baseline, KIB, step, warmUp, type PlanContext, type PlanResult } from './bench-plans';
import type { StepResult } from './measured-step';

/**
 * `--quick` (under 3 minutes on two cores): one fixed, moderate rate per
 * shape — 1 KiB fan-out 1, 1 KiB fan-out 10, 50 KiB fan-out 1 — each with a
 * balanced ledger, and a short raw baseline. No ramp, no tracing.
 */
export async function runQuickPlan(ctx: PlanContext): Promise<PlanResult> {
  const timing = { warmupMs: 3_000, measureMs: 10_000, drainMs: 20_000 };
  await warmUp(ctx.session, 5);
  const steps: StepResult[] = [];
  steps.push(await step(ctx.session, { label: 'f1 1KiB', fanOut: 1, payloadBytes: KIB, rate: 100, ...timing, breakdown: true }));
  steps.push(await step(ctx.session, { label: 'f10 1KiB', fanOut: 10, payloadBytes: KIB, rate: 20, ...timing }));
  steps.push(await step(ctx.session, { label: 'f1 50KiB', fanOut: 1, payloadBytes: 50 * KIB, rate: 50, ...timing }));
  return { steps, ramps: [], baseline: await baseline(ctx, 3_000) };
}

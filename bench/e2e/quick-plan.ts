import { baseline, KIB, step, warmUp, type PlanContext, type PlanResult } from './bench-plans';
import type { MeasuredStep } from './step-runs';

/**
 * `--quick` (about three minutes on two cores): one fixed, moderate rate per
 * shape — Kafka input 1 KiB fan-out 1, fan-out 10, 50 KiB; HTTP input to one
 * endpoint and spread over 100 endpoints with a 50 ms receiver — each with a
 * balanced ledger, and a short raw baseline. No ramp, no tracing.
 */
export async function runQuickPlan(ctx: PlanContext): Promise<PlanResult> {
  const timing = { warmupMs: 3_000, measureMs: 10_000, drainMs: 20_000 };
  await warmUp(ctx.session, ctx.warmUpSeconds ?? 5);
  const steps: MeasuredStep[] = [];
  steps.push(
    await step(ctx.session, { label: 'kafka f1 1KiB', input: 'kafka', group: 'f1', payloadBytes: KIB, rate: 100, ...timing, breakdown: true }, ctx.runs),
  );
  steps.push(await step(ctx.session, { label: 'kafka f10 1KiB', input: 'kafka', group: 'f10', payloadBytes: KIB, rate: 20, ...timing }, ctx.runs));
  steps.push(await step(ctx.session, { label: 'kafka f1 50KiB', input: 'kafka', group: 'f1', payloadBytes: 50 * KIB, rate: 50, ...timing }, ctx.runs));
  steps.push(await step(ctx.session, { label: 'http f1 1KiB', input: 'http', group: 'f1', payloadBytes: KIB, rate: 100, ...timing }, ctx.runs));
  steps.push(await step(ctx.session, { label: 'http s100 50ms 1KiB', input: 'http', group: 's100', payloadBytes: KIB, rate: 100, ...timing }, ctx.runs));
  return { steps, ramps: [], baseline: await baseline(ctx, 3_000) };
}

import type { GroupName } from './endpoint-group';
import type { InputDoor } from './measured-step';
import { baseline, KIB, step, warmUp, type PlanContext, type PlanResult } from './bench-plans';

export interface SingleStep {
  readonly input: InputDoor;
  readonly group: GroupName;
  readonly rate: number;
}

/** `--step=http/f1/200[,kafka/f1/600…]`: the steps to run, in order, on one engine. */
export function parseSteps(arg: string): SingleStep[] {
  return arg.split(',').map(parseSingleStep);
}

/** `http/f1/200`: the door, the endpoint group and the events/s of one step. */
export function parseSingleStep(arg: string): SingleStep {
  const [input, group, rate] = arg.split('/');
  if ((input !== 'http' && input !== 'kafka') || (group !== 'f1' && group !== 'f10' && group !== 's100') || !(Number(rate) > 0)) {
    throw new Error(`--step expects <http|kafka>/<f1|f10|s100>/<events per second>, got "${arg}"`);
  }
  return { input, group, rate: Number(rate) };
}

/**
 * `--step=<door>/<group>/<rate>` (about a minute): one steady step, for the
 * change-measure loop while working on one figure (profile it with
 * `--profile=<app>`). Not a substitute for `--targets`. Several steps,
 * comma-separated, run in that order on the same engine: what one step
 * leaves behind (an overload, a grown table) is then measured by the next.
 */
export async function runSingleStepPlan(ctx: PlanContext, sequence: readonly SingleStep[]): Promise<PlanResult> {
  await warmUp(ctx.session, ctx.warmUpSeconds ?? 5);
  const steps = [];
  for (const only of sequence) {
    const label = `${only.input} ${only.group} 1KiB @${only.rate}/s`;
    const spec = { label, ...only, payloadBytes: KIB, warmupMs: 5_000, measureMs: 20_000, drainMs: 20_000, breakdown: true };
    steps.push(await step(ctx.session, spec, ctx.runs));
  }
  return { steps, ramps: [], baseline: await baseline(ctx, 1_000) };
}

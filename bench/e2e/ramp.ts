/**
 * Ramp mode: the highest rate the engine sustains. A step is sustained when
 * the generator really offered the rate, deliveries keep up with it, the
 * backlog of undelivered pairs stays flat over the measured window and p99
 * publish-to-receive latency stays under the bound.
 */
export interface BacklogSample {
  readonly atMs: number;
  /** Pairs published and not yet delivered. */
  readonly outstanding: number;
}

export interface StepMeasurement {
  /** Events/s the step asked for. */
  readonly targetRate: number;
  /** Events/s the generator managed to send. */
  readonly offeredRate: number;
  /** Deliveries (pairs) per published event. */
  readonly fanOut: number;
  readonly deliveriesPerSecond: number;
  readonly p99Ms: number;
  /** Growth of the backlog over the measured window, pairs/s (least squares). */
  readonly backlogSlope: number;
}

export interface StepVerdict {
  readonly sustained: boolean;
  readonly reasons: string[];
}

export const RAMP_LIMITS = {
  /** The generator must send at least this share of the asked rate, or the step says nothing about the engine. */
  offeredShare: 0.95,
  /** Deliveries/s at least this share of the offered pair rate. */
  deliveredShare: 0.95,
  /** Backlog may grow by at most this share of the offered pair rate per second. */
  backlogGrowthShare: 0.03,
  p99Ms: 1000,
} as const;

/** Least-squares slope of outstanding pairs over time, per second; 0 with fewer than two samples. */
export function backlogSlope(samples: readonly BacklogSample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const meanT = samples.reduce((s, x) => s + x.atMs, 0) / n;
  const meanY = samples.reduce((s, x) => s + x.outstanding, 0) / n;
  let num = 0;
  let den = 0;
  for (const x of samples) {
    num += (x.atMs - meanT) * (x.outstanding - meanY);
    den += (x.atMs - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 1000;
}

export function judgeStep(m: StepMeasurement): StepVerdict {
  const reasons: string[] = [];
  const pairRate = m.offeredRate * m.fanOut;
  if (m.offeredRate < RAMP_LIMITS.offeredShare * m.targetRate) {
    reasons.push(`generator offered ${m.offeredRate.toFixed(0)}/s of ${m.targetRate}/s`);
  }
  if (m.deliveriesPerSecond < RAMP_LIMITS.deliveredShare * pairRate) {
    reasons.push(`delivered ${m.deliveriesPerSecond.toFixed(0)}/s of ${pairRate.toFixed(0)}/s offered`);
  }
  if (m.backlogSlope > RAMP_LIMITS.backlogGrowthShare * pairRate) {
    reasons.push(`backlog grew ${m.backlogSlope.toFixed(0)} pairs/s`);
  }
  if (!(m.p99Ms < RAMP_LIMITS.p99Ms)) reasons.push(`p99 ${m.p99Ms.toFixed(0)} ms`);
  return { sustained: reasons.length === 0, reasons };
}

/**
 * Rates lie on a grid 10 % apart (`startRate × ratio^k`, rounded), so two
 * runs of the ramp (before and after a change) try the same rates and their
 * steps compare one to one. The ramp jumps `coarseSteps` grid steps at a time
 * (about doubling) while every step holds, then bisects on the grid between
 * the best sustained and the lowest failed rate until they are neighbours:
 * the answer is then within one 10 % step.
 */
export interface RampPlan {
  readonly startRate: number;
  /** Ratio of neighbouring grid rates: 1.1 puts them 10 % apart. */
  readonly ratio: number;
  /** Grid steps per jump while every step so far was sustained (7 × 10 % ≈ × 1.95). */
  readonly coarseSteps: number;
  readonly minRate: number;
  readonly maxSteps: number;
}

export interface RampStep {
  /** Grid index of the rate tried. */
  readonly index: number;
  readonly rate: number;
  readonly sustained: boolean;
}

/** The rate at grid index k (k may be negative, below the start). */
export function gridRate(plan: RampPlan, index: number): number {
  return Math.max(1, Math.round(plan.startRate * plan.ratio ** index));
}

/** The next grid index to try, or null when the ramp is done: jump until a step fails, then bisect to neighbours. */
export function nextRampIndex(plan: RampPlan, history: readonly RampStep[]): number | null {
  if (history.length === 0) return 0;
  if (history.length >= plan.maxSteps) return null;
  const passed = history.filter((s) => s.sustained).map((s) => s.index);
  const failed = history.filter((s) => !s.sustained).map((s) => s.index);
  const best = passed.length > 0 ? Math.max(...passed) : undefined;
  const lowestFail = failed.length > 0 ? Math.min(...failed) : undefined;
  if (lowestFail === undefined) return (best as number) + plan.coarseSteps;
  if (best === undefined) {
    const lower = lowestFail - plan.coarseSteps;
    return gridRate(plan, lower) < plan.minRate ? null : lower;
  }
  if (lowestFail - best <= 1) return null;
  return Math.floor((best + lowestFail) / 2);
}

/** The highest sustained rate of a ramp, if any step was sustained. */
export function maxSustained(history: readonly RampStep[]): number | undefined {
  const passed = history.filter((s) => s.sustained).map((s) => s.rate);
  return passed.length > 0 ? Math.max(...passed) : undefined;
}

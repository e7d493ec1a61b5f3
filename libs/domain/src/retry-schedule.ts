/** ±20 % around the scheduled delay, so a burst of failures does not retry as a burst. */
export const JITTER_RATIO = 0.2;

/**
 * The scheduled delay before attempt `attempt + 1`, or null when the schedule is
 * exhausted. A schedule of n delays allows n + 1 attempts.
 */
export function scheduledDelay(schedule: readonly number[], attempt: number): number | null {
  return schedule[attempt - 1] ?? null;
}

/** `random` is in [0, 1); 0.5 gives the scheduled delay exactly. */
export function jitteredDelay(delayMs: number, random: number): number {
  return Math.round(delayMs * (1 - JITTER_RATIO + 2 * JITTER_RATIO * random));
}

/**
 * `Retry-After` as seconds or an HTTP date, in ms from `now`; null when absent
 * or unparseable (then the schedule alone decides).
 */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}

/** The receiver may slow us down, within [scheduled, 2 × scheduled]: it cannot stall nor hurry a retry. */
export function clampRetryAfter(retryAfterMs: number, scheduledMs: number): number {
  return Math.min(Math.max(retryAfterMs, scheduledMs), 2 * scheduledMs);
}

/**
 * The tier topic a retry waits in: the largest provisioned delay not above the
 * actual one (the smallest tier when none is). A job never waits in a tier
 * longer than its own delay, so it holds up the jobs behind it in that tier by
 * at most the difference.
 */
export function tierFor(delayMs: number, tiers: readonly number[]): number {
  const sorted = [...tiers].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no retry tiers are provisioned');
  let chosen = sorted[0] as number;
  for (const tier of sorted) if (tier <= delayMs) chosen = tier;
  return chosen;
}

/**
 * The smallest tier not shorter than `delayMs` (the largest when none is), for
 * a job that should come back no sooner than that: parked for this tier's own
 * delay, it holds up nobody in the tier and is not back before it can be served.
 */
export function tierAtLeast(delayMs: number, tiers: readonly number[]): number {
  const sorted = [...tiers].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no retry tiers are provisioned');
  return sorted.find((tier) => tier >= delayMs) ?? (sorted[sorted.length - 1] as number);
}

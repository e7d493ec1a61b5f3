import { decideNextAction } from './attempt-decision';
import { clampRetryAfter, jitteredDelay, parseRetryAfter, scheduledDelay, tierAtLeast, tierFor } from './retry-schedule';

describe('retry schedule', () => {
  const schedule = [1000, 2000, 4000];
  const now = Date.parse('2026-02-04T10:00:00Z');

  it('allows one attempt more than it has delays', () => {
    expect([1, 2, 3, 4].map((attempt) => scheduledDelay(schedule, attempt))).toEqual([1000, 2000, 4000, null]);
  });

  it('jitters within ±20 %', () => {
    expect(jitteredDelay(10_000, 0)).toBe(8000);
    expect(jitteredDelay(10_000, 0.5)).toBe(10_000);
    expect(jitteredDelay(10_000, 0.999999)).toBe(12_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', new Date(now))).toBe(120_000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), new Date(now))).toBe(30_000);
    expect(parseRetryAfter('soon', new Date(now))).toBeNull();
    expect(parseRetryAfter(null, new Date(now))).toBeNull();
  });

  it('clamps Retry-After to [scheduled, 2 × scheduled]', () => {
    expect(clampRetryAfter(0, 10_000)).toBe(10_000);
    expect(clampRetryAfter(15_000, 10_000)).toBe(15_000);
    expect(clampRetryAfter(3_600_000, 10_000)).toBe(20_000);
  });

  it('waits in the largest tier not longer than the delay', () => {
    expect(tierFor(1_900, [1000, 2000, 4000])).toBe(1000);
    expect(tierFor(2_000, [4000, 1000, 2000])).toBe(2000);
    expect(tierFor(500, [1000, 2000])).toBe(1000);
    expect(tierFor(10_000_000, [1000, 2000])).toBe(2000);
  });

  describe('decideNextAction', () => {
    const failed = (statusCode: number | null, retryAfterMs: number | null = null) => ({ succeeded: false, statusCode, retryAfterMs });

    it('is done on success', () => {
      expect(decideNextAction(1, { succeeded: true, statusCode: 204, retryAfterMs: null }, schedule, now, 0.5)).toEqual({ type: 'done' });
    });

    it('retries failures on the jittered schedule until it is exhausted', () => {
      expect(decideNextAction(2, failed(500), schedule, now, 0.5)).toEqual({ type: 'retry', delayMs: 2000, dueAt: now + 2000 });
      expect(decideNextAction(1, failed(null), schedule, now, 0)).toEqual({ type: 'retry', delayMs: 800, dueAt: now + 800 });
      expect(decideNextAction(4, failed(500), schedule, now, 0.5)).toEqual({ type: 'exhausted' });
    });

    it('honours Retry-After only on 429 and 503, clamped', () => {
      expect(decideNextAction(1, failed(429, 60_000), schedule, now, 0.5)).toMatchObject({ delayMs: 2000 });
      expect(decideNextAction(1, failed(503, 1_500), schedule, now, 0.5)).toMatchObject({ delayMs: 1500 });
      expect(decideNextAction(1, failed(500, 60_000), schedule, now, 0.5)).toMatchObject({ delayMs: 1000 });
    });

    it('disables and holds on 410 Gone, even on the last attempt', () => {
      expect(decideNextAction(4, failed(410), schedule, now, 0.5)).toMatchObject({ type: 'disable_and_hold' });
    });

    it('ends the message at once when the outbound policy blocked the address (no retries into a forbidden address)', () => {
      const blocked = { succeeded: false, statusCode: null, retryAfterMs: null, blocked: true };
      expect(decideNextAction(1, blocked, schedule, now, 0.5)).toEqual({ type: 'exhausted' });
    });
  });

  it('tierAtLeast picks the smallest tier not shorter than the delay, else the largest', () => {
    const tiers = [60_000, 1_000, 10_000];
    expect(tierAtLeast(500, tiers)).toBe(1_000);
    expect(tierAtLeast(1_000, tiers)).toBe(1_000);
    expect(tierAtLeast(1_001, tiers)).toBe(10_000);
    expect(tierAtLeast(3_600_000, tiers)).toBe(60_000);
  });
});

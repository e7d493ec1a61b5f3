import { RateLimit, RateLimits, TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('gives the burst at once, then one token per 1/rate s', () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect([bucket.take(0), bucket.take(0)]).toEqual([0, 0]);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(50)).toBe(50);
    expect(bucket.take(100)).toBe(0);
  });

  it('never lets more than burst + rate × window through in any window', () => {
    const bucket = TokenBucket.forRate(100, 0);
    const starts: number[] = [];
    for (let now = 0; now < 20_000; now += 1) while (bucket.take(now) === 0) starts.push(now);
    for (let from = 0; from + 10_000 <= 20_000; from += 250) {
      const inWindow = starts.filter((t) => t >= from && t < from + 10_000).length;
      expect(inWindow).toBeLessThanOrEqual(1050);
    }
    expect(starts.length).toBeGreaterThanOrEqual(2000);
  });
});

describe('RateLimit', () => {
  /** Starts as many as allowed whenever asked, at the times given (a lane polled by timers and completions). */
  const run = (limit: RateLimit, times: Iterable<number>) => {
    const starts: number[] = [];
    for (const now of times) while (limit.take(now) === 0) starts.push(now);
    return starts;
  };
  const worstWindow = (starts: readonly number[], windowMs: number) => {
    let worst = 0;
    let from = 0;
    // Every window that begins at a start: the fullest window of this length begins at one.
    for (let to = 0; to < starts.length; to += 1) {
      while ((starts[to] as number) - (starts[from] as number) >= windowMs) from += 1;
      worst = Math.max(worst, to - from + 1);
    }
    return worst;
  };
  const everyMs = (endMs: number) => Array.from({ length: endMs }, (_, i) => i);

  it.each([1, 7, 20, 100, 1000])('starts at most %i in any 1 s window and in any 10 s window at most 10 ×, and keeps up with the rate', (rate) => {
    const starts = run(new RateLimit(rate, 0), everyMs(20_000));
    // The token bucket alone (burst 20 %) let 24 start in one second for a limit of 20.
    expect(worstWindow(starts, 1_000)).toBeLessThanOrEqual(rate);
    expect(worstWindow(starts, 10_000)).toBeLessThanOrEqual(rate * 10);
    expect(starts.length).toBeGreaterThanOrEqual(rate * 20 * 0.98);
  });

  it('holds the bound when polled at irregular, late moments, and catches up after them', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const times: number[] = [];
    for (let now = 0; now < 30_000; now += 1 + Math.floor(random() * 40)) times.push(now);
    const starts = run(new RateLimit(20, 0), times);
    expect(worstWindow(starts, 1_000)).toBeLessThanOrEqual(20);
    expect(starts.length).toBeGreaterThanOrEqual(20 * 30 * 0.97);
  });

  it('spreads starts over the second instead of sending the whole second at once', () => {
    const starts = run(new RateLimit(100, 0), everyMs(1_000));
    // The first 100 ms may see the pacing burst (5) plus 100 ms of rate, not the whole second's 100.
    expect(starts.filter((t) => t < 100).length).toBeLessThanOrEqual(5 + 10 + 1);
  });

  it('answers how long until the next start without taking one', () => {
    const limit = new RateLimit(1, 0);
    expect(limit.take(0)).toBe(0);
    expect(limit.take(10)).toBe(992);
    expect(limit.take(10)).toBe(992);
    expect(limit.take(1_001)).toBe(1);
    expect(limit.take(1_002)).toBe(0);
  });
});

describe('RateLimits', () => {
  it('gives a lane that comes back the limiter that remembers its last second', () => {
    const limits = new RateLimits();
    const first = limits.for('ep', 20, 0) as RateLimit;
    let started = 0;
    for (let now = 0; now < 1_000; now += 1) while (first.take(now) === 0) started += 1;
    // The lane went idle and was dropped at 999 ms; the one that replaces it at once must not start more within the second.
    const again = limits.for('ep', 20, 999) as RateLimit;
    expect(again).toBe(first);
    while (again.take(999) === 0) started += 1;
    expect(started).toBeLessThanOrEqual(20);
  });

  it('starts afresh on a new rate, drops a removed limit, and prunes only quiet limiters of endpoints without a lane', () => {
    const limits = new RateLimits();
    const a = limits.for('a', 10, 0) as RateLimit;
    expect(limits.for('a', 5, 0)).not.toBe(a);
    expect(limits.for('b', null, 0)).toBeNull();
    (limits.for('busy', 10, 0) as RateLimit).take(500);
    limits.for('lane', 10, 0);
    limits.prune(1_002, (id) => id === 'lane');
    // 'a' never started (quiet), 'busy' started 500 ms ago (still binds), 'lane' is in use.
    expect(limits.size).toBe(2);
    limits.prune(1_502, () => false);
    expect(limits.size).toBe(0);
  });
});

import { achievedRate, dueAt, dueBy } from './arrival-schedule';

describe('arrival schedule', () => {
  const schedule = { startMs: 10_000, ratePerSecond: 200 };

  it('spaces events evenly at the rate', () => {
    expect(dueAt(schedule, 0)).toBe(10_000);
    expect(dueAt(schedule, 1)).toBe(10_005);
    expect(dueAt(schedule, 200)).toBe(11_000);
  });

  it('counts the events due by a time, the first one at the start', () => {
    expect(dueBy(schedule, 9_999)).toBe(0);
    expect(dueBy(schedule, 10_000)).toBe(1);
    expect(dueBy(schedule, 10_004)).toBe(1);
    expect(dueBy(schedule, 10_005)).toBe(2);
    expect(dueBy(schedule, 11_000)).toBe(201);
  });

  it('agrees with dueAt: every event counted as due is due', () => {
    const odd = { startMs: 0, ratePerSecond: 7.3 };
    for (let t = 0; t < 5_000; t += 37) {
      const n = dueBy(odd, t);
      expect(dueAt(odd, n - 1)).toBeLessThanOrEqual(t);
      expect(dueAt(odd, n)).toBeGreaterThan(t);
    }
  });

  it('falls behind the schedule when sending is late, instead of hiding it', () => {
    expect(achievedRate(1000, 0, 5_000)).toBe(200);
    expect(achievedRate(1000, 0, 10_000)).toBe(100);
    expect(achievedRate(0, 0, 0)).toBe(0);
  });
});

import { backlogSlope, judgeStep, maxSustained, nextRampRate, type RampPlan, type StepMeasurement } from './ramp';

describe('backlog slope', () => {
  it('is flat for a steady in-flight backlog, noise included', () => {
    const samples = [100, 120, 90, 110, 100, 95, 105].map((outstanding, i) => ({ atMs: i * 1000, outstanding }));
    expect(Math.abs(backlogSlope(samples))).toBeLessThan(5);
  });

  it('measures growth per second', () => {
    const samples = [0, 50, 100, 150].map((outstanding, i) => ({ atMs: i * 500, outstanding }));
    expect(backlogSlope(samples)).toBeCloseTo(100);
  });

  it('is 0 without two samples', () => {
    expect(backlogSlope([{ atMs: 0, outstanding: 5 }])).toBe(0);
  });
});

describe('step verdict', () => {
  const good: StepMeasurement = { targetRate: 100, offeredRate: 100, fanOut: 10, deliveriesPerSecond: 998, p99Ms: 200, backlogSlope: 3 };

  it('sustains a step that keeps up', () => {
    expect(judgeStep(good)).toEqual({ sustained: true, reasons: [] });
  });

  it.each<[string, Partial<StepMeasurement>, RegExp]>([
    ['generator fell behind', { offeredRate: 80, deliveriesPerSecond: 800 }, /generator offered/],
    ['deliveries fell behind', { deliveriesPerSecond: 700 }, /delivered 700/],
    ['backlog grows', { backlogSlope: 100 }, /backlog grew/],
    ['p99 over a second', { p99Ms: 1000 }, /p99/],
    ['no latency measured', { p99Ms: Number.NaN }, /p99/],
  ])('fails when the %s', (_, change, reason) => {
    const verdict = judgeStep({ ...good, ...change });
    expect(verdict.sustained).toBe(false);
    expect(verdict.reasons.join('; ')).toMatch(reason);
  });
});

describe('ramp', () => {
  const plan: RampPlan = { startRate: 100, growth: 2, precision: 0.1, minRate: 10, maxSteps: 12 };

  it('grows while sustained, then bisects, then stops', () => {
    expect(nextRampRate(plan, [])).toBe(100);
    expect(nextRampRate(plan, [{ rate: 100, sustained: true }])).toBe(200);
    const history = [
      { rate: 100, sustained: true },
      { rate: 200, sustained: true },
      { rate: 400, sustained: false },
    ];
    expect(nextRampRate(plan, history)).toBe(300);
    const closer = [...history, { rate: 300, sustained: true }, { rate: 350, sustained: false }, { rate: 325, sustained: false }];
    expect(nextRampRate(plan, closer)).toBeNull();
    expect(maxSustained(closer)).toBe(300);
  });

  it('goes down when the first step fails, and gives up below the minimum', () => {
    expect(nextRampRate(plan, [{ rate: 100, sustained: false }])).toBe(50);
    expect(nextRampRate(plan, [{ rate: 15, sustained: false }])).toBeNull();
    expect(maxSustained([{ rate: 15, sustained: false }])).toBeUndefined();
  });

  it('stops after the step budget', () => {
    const history = Array.from({ length: 12 }, (_, i) => ({ rate: 100 * 2 ** i, sustained: true }));
    expect(nextRampRate(plan, history)).toBeNull();
  });
});

import { backlogSlope, gridRate, judgeStep, maxSustained, nextRampIndex, type RampPlan, type StepMeasurement } from './ramp';

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
  const plan: RampPlan = { startRate: 100, ratio: 1.1, coarseSteps: 7, minRate: 10, maxSteps: 12 };
  const at = (index: number, sustained: boolean) => ({ index, rate: gridRate(plan, index), sustained });

  it('puts rates on a grid 10 % apart', () => {
    expect([0, 1, 2, 3, 7].map((k) => gridRate(plan, k))).toEqual([100, 110, 121, 133, 195]);
    expect(gridRate(plan, -7)).toBe(51);
  });

  it('jumps while sustained, then bisects until the answer is within one 10 % step', () => {
    expect(nextRampIndex(plan, [])).toBe(0);
    expect(nextRampIndex(plan, [at(0, true)])).toBe(7);
    const history = [at(0, true), at(7, true), at(14, false)];
    expect(nextRampIndex(plan, history)).toBe(10);
    const closer = [...history, at(10, true), at(12, false), at(11, true)];
    expect(nextRampIndex(plan, closer)).toBeNull();
    expect(maxSustained(closer)).toBe(gridRate(plan, 11));
    // Neighbours on the grid are 10 % apart: the failed rate is one step above the answer.
    expect(gridRate(plan, 12) / gridRate(plan, 11)).toBeCloseTo(1.1, 1);
  });

  it('goes down when the first step fails, and gives up below the minimum', () => {
    expect(nextRampIndex(plan, [at(0, false)])).toBe(-7);
    expect(nextRampIndex(plan, [at(0, false), at(-7, true)])).toBe(-4);
    const tooLow = [at(0, false), at(-7, false), at(-14, false), at(-21, false)];
    expect(gridRate(plan, -28)).toBeLessThan(plan.minRate);
    expect(nextRampIndex(plan, tooLow)).toBeNull();
    expect(maxSustained(tooLow)).toBeUndefined();
  });

  it('stops after the step budget', () => {
    const history = Array.from({ length: 12 }, (_, i) => at(i * 7, true));
    expect(nextRampIndex(plan, history)).toBeNull();
  });
});

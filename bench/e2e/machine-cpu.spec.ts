import { machineCpuBetween, parseProcStat } from './machine-cpu';

const stat = (cpu: string) => `cpu  ${cpu}\ncpu0 1 2 3 4 5 6 7 8 0 0\ncpu1 1 2 3 4 5 6 7 8 0 0\nintr 12345 0 0\nctxt 999\n`;

describe('machine CPU from /proc/stat', () => {
  it('adds user, nice, system, irq and softirq as busy, leaves guest out (already in user)', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    expect(parseProcStat(stat('100 10 50 800 20 5 15 0 40 0'))).toEqual({ busyTicks: 180, totalTicks: 1000, stealTicks: 0, cores: 2 });
  });

  it('counts steal in the total, not as busy', () => {
    const sample = parseProcStat(stat('100 0 0 800 0 0 0 100 0 0'));
    expect(sample.busyTicks).toBe(100);
    expect(sample.totalTicks).toBe(1000);
  });

  it('turns two samples into the busy share of the window', () => {
    const before = parseProcStat(stat('100 0 100 800 0 0 0 0 0 0'));
    const after = parseProcStat(stat('250 0 200 900 50 0 0 0 0 0'));
    // 250 busy ticks of 400 in the window.
    expect(machineCpuBetween(before, after)).toEqual({ busyShare: 0.625, busyCores: 1.25, stealShare: 0, cores: 2 });
  });

  it('refuses a file without the aggregate line', () => {
    expect(() => parseProcStat('cpu0 1 2 3 4 5 6 7 8\n')).toThrow(/cpu/);
  });
});

import { cpuTicksFromStat, kilobytesField, usageBetween } from './process-stats';

describe('process stats from /proc', () => {
  it('reads utime + stime even when the command name has spaces and parentheses', () => {
    const stat = '4242 (node (dispatch) x) S 1 4242 4242 0 -1 4194560 7702 0 0 0 1234 56 0 0 20 0 11 0 8327 1097 9000 18446744073709551615';
    expect(cpuTicksFromStat(stat)).toBe(1290);
  });

  it('reads kB fields of status in bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n';
    expect(kilobytesField(status, 'VmRSS')).toBe(100 * 2 ** 20);
    expect(kilobytesField(status, 'VmHWM')).toBe(200 * 2 ** 20);
    expect(() => kilobytesField(status, 'VmSwap')).toThrow(/VmSwap/);
  });

  it('turns two samples into cores used and MiB', () => {
    const usage = usageBetween({ cpuMs: 1000, rssBytes: 0, peakRssBytes: 0 }, { cpuMs: 16_000, rssBytes: 50 * 2 ** 20, peakRssBytes: 60 * 2 ** 20 }, 10_000);
    expect(usage).toEqual({ cpuCores: 1.5, cpuMs: 15_000, rssMiB: 50, peakRssMiB: 60 });
  });
});

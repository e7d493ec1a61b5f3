import { kilobytesField, parseStatLine, processTree, treeCpuTicks, usageBetween, type StatEntry } from './process-stats';

describe('process stats from /proc', () => {
  it('reads pid, ppid, own and reaped CPU even when the command name has spaces and parentheses', () => {
    const stat = '4242 (node (dispatch) x) S 1 4242 4242 0 -1 4194560 7702 0 0 0 1234 56 70 8 20 0 11 0 8327 1097 9000 18446744073709551615';
    expect(parseStatLine(stat)).toEqual({ pid: 4242, ppid: 1, ownTicks: 1290, reapedTicks: 78, systemTicks: 56 });
  });

  it('reads kB fields of status and smaps_rollup in bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n';
    expect(kilobytesField(status, 'VmRSS')).toBe(100 * 2 ** 20);
    expect(kilobytesField(status, 'VmHWM')).toBe(200 * 2 ** 20);
    expect(kilobytesField('Rss:              2048 kB\nPss:               1024 kB\n', 'Pss')).toBe(2 ** 20);
    expect(() => kilobytesField(status, 'VmSwap')).toThrow(/VmSwap/);
  });

  it('turns two samples into cores used and MiB, with the main thread and kernel shares', () => {
    const usage = usageBetween(
      { cpuMs: 1000, rssBytes: 0, pssBytes: 0, peakRssBytes: 0, processes: 1, mainThreadCpuMs: 800, systemCpuMs: 100 },
      { cpuMs: 16_000, rssBytes: 50 * 2 ** 20, pssBytes: 40 * 2 ** 20, peakRssBytes: 60 * 2 ** 20, processes: 3, mainThreadCpuMs: 9_800, systemCpuMs: 2_100 },
      10_000,
    );
    expect(usage).toEqual({ cpuCores: 1.5, cpuMs: 15_000, rssMiB: 50, pssMiB: 40, peakRssMiB: 60, processes: 3, mainThreadCores: 0.9, systemCores: 0.2 });
  });
});

describe('process-tree CPU (the postmaster and its backends)', () => {
  // Kernel time plays no part in the tree sums.
  const table = (entries: Array<Omit<StatEntry, 'systemTicks'>>) => new Map(entries.map((e) => [e.pid, { ...e, systemTicks: 0 }]));
  const postgres = [
    { pid: 1, ppid: 0, ownTicks: 5000, reapedTicks: 0 },
    { pid: 100, ppid: 1, ownTicks: 10, reapedTicks: 40 }, // postmaster, has reaped exited backends
    { pid: 101, ppid: 100, ownTicks: 20, reapedTicks: 0 }, // checkpointer
    { pid: 102, ppid: 100, ownTicks: 300, reapedTicks: 0 }, // a backend
    { pid: 103, ppid: 102, ownTicks: 7, reapedTicks: 0 }, // a parallel worker under it
    { pid: 200, ppid: 1, ownTicks: 999, reapedTicks: 0 }, // someone else
  ];

  it('finds every descendant and nothing else', () => {
    expect(processTree(100, table(postgres)).sort((a, b) => a - b)).toEqual([100, 101, 102, 103]);
    expect(processTree(4242, table(postgres))).toEqual([]);
  });

  it('sums own and reaped time over the tree', () => {
    expect(treeCpuTicks(processTree(100, table(postgres)), table(postgres))).toBe(10 + 40 + 20 + 300 + 7);
  });

  it('keeps the CPU of a backend that exited inside the window, through its parent', () => {
    const before = table(postgres);
    // Backend 102 used 50 more ticks, exited and was reaped (with its worker); a new backend 104 used 30.
    const after = table([
      { pid: 100, ppid: 1, ownTicks: 12, reapedTicks: 40 + 350 + 7 },
      { pid: 101, ppid: 100, ownTicks: 21, reapedTicks: 0 },
      { pid: 104, ppid: 100, ownTicks: 30, reapedTicks: 0 },
    ]);
    const window = treeCpuTicks(processTree(100, after), after) - treeCpuTicks(processTree(100, before), before);
    expect(window).toBe(2 + 1 + 50 + 30);
  });
});

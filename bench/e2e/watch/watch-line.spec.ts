import { formatWatchLine, type WatchSample } from './watch-line';

const MIB = 1024 * 1024;

/** An idle 5-s interval at 18:00:10; each case says what it changes. */
const sample = (changes: Partial<WatchSample>): WatchSample => ({
  at: new Date('2026-12-06T18:00:10.000Z'),
  intervalMs: 5000,
  cpu: { user: 0, system: 0 },
  eventLoopUse: 0,
  heapSpaces: {},
  gc: {},
  activeHandles: 3,
  rssBytes: 0,
  externalBytes: 0,
  ...changes,
});

describe('formatWatchLine', () => {
  it('reports CPU as cores over the interval, memory in MiB (empty heap spaces left out) and GC pauses by kind', () => {
    const line = formatWatchLine(
      sample({
        cpu: { user: 2_000_000, system: 500_000 },
        eventLoopUse: 0.456,
        heapSpaces: { new_space: 64 * MIB, old_space: 100.4 * MIB, shared_space: 0, read_only_space: 100 * 1024 },
        gc: { minor: { count: 11, ms: 98.6 }, major: { count: 1, ms: 12.2 } },
        activeHandles: 42,
        rssBytes: 300 * MIB,
        externalBytes: 12 * MIB,
      }),
    );
    expect(line).toBe('2026-12-06T18:00:10.000Z cores=0.500 sys=0.100 elu=0.46 handles=42 rss=300 external=12 new=64 old=100 gc_minor=11/99ms gc_major=1/12ms');
  });

  it('leaves out what an idle interval did not have', () => {
    expect(formatWatchLine(sample({}))).toBe('2026-12-06T18:00:10.000Z cores=0.000 sys=0.000 elu=0.00 handles=3 rss=0 external=0');
  });
});

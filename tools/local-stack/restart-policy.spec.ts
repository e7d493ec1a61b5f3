import { decide, DEFAULT_RESTART_POLICY, type Run } from './restart-policy';

const S = 1_000;

/** Runs that each lived `livedMs` and were restarted right after the previous delay; returns the history and the last end. */
function shortRuns(count: number, livedMs: number, start = 0): Run[] {
  const runs: Run[] = [];
  let t = start;
  for (let i = 0; i < count; i++) {
    runs.push({ startedAt: t, endedAt: t + livedMs });
    t += livedMs + 100;
  }
  return runs;
}

describe('restart policy', () => {
  it('decides nothing while the process runs, or before it ever ran', () => {
    expect(decide([], 0)).toEqual({ kind: 'running' });
    expect(decide([{ startedAt: 0, endedAt: null }], 10 * S)).toEqual({ kind: 'running' });
  });

  it('restarts after 1 s on the first exit', () => {
    expect(decide([{ startedAt: 0, endedAt: 5 * S }], 5 * S)).toEqual({ kind: 'restart', delayMs: 1 * S, streak: 1 });
  });

  it('doubles the delay for every short-lived run in a row: 1, 2, 4, 8, 16 s', () => {
    const delays = [1, 2, 3, 4, 5].map((n) => {
      const runs = shortRuns(n, 2 * S);
      const decision = decide(runs, runs[n - 1]?.endedAt ?? 0);
      return decision.kind === 'restart' ? decision.delayMs / S : NaN;
    });
    expect(delays).toEqual([1, 2, 4, 8, 16]);
  });

  it('caps the delay at 30 s however long the crash loop', () => {
    const runs = shortRuns(40, 10);
    expect(decide(runs, 1e9)).toEqual({ kind: 'restart', delayMs: 30 * S, streak: 40 });
  });

  it('starts over at 1 s once a run was stable for a minute', () => {
    const loop = shortRuns(6, S);
    const stableStart = 100 * S;
    const history = [...loop, { startedAt: stableStart, endedAt: stableStart + DEFAULT_RESTART_POLICY.stableAfterMs }];
    expect(decide(history, 200 * S)).toEqual({ kind: 'restart', delayMs: 1 * S, streak: 1 });
    // …and counts only the short runs after the stable one.
    const after = [...history, { startedAt: 200 * S, endedAt: 201 * S }];
    expect(decide(after, 201 * S)).toEqual({ kind: 'restart', delayMs: 2 * S, streak: 2 });
  });

  it('counts a run just under the stable threshold as short', () => {
    const almost = DEFAULT_RESTART_POLICY.stableAfterMs - 1;
    const history = [
      { startedAt: 0, endedAt: almost },
      { startedAt: almost + S, endedAt: 2 * almost },
    ];
    expect(decide(history, 2 * almost)).toMatchObject({ delayMs: 2 * S, streak: 2 });
  });

  it('counts a start that failed outright (no time alive) as a short run', () => {
    const history = [
      { startedAt: 0, endedAt: 0 },
      { startedAt: S, endedAt: S },
      { startedAt: 3 * S, endedAt: 3 * S },
    ];
    expect(decide(history, 3 * S)).toEqual({ kind: 'restart', delayMs: 4 * S, streak: 3 });
  });

  it('takes another policy', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 250, stableAfterMs: 5 * S };
    expect(decide(shortRuns(1, 10), 1e6, policy)).toMatchObject({ delayMs: 100 });
    expect(decide(shortRuns(3, 10), 1e6, policy)).toMatchObject({ delayMs: 250 });
  });
});

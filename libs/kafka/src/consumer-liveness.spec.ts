import { initialLiveness, observeLiveness, type LivenessLimits, type LivenessSignal, type LivenessState } from './consumer-liveness';

const limits: LivenessLimits = { notReadyAfterMs: 20_000, giveUpAfterMs: 60_000, maxCrashRestarts: 3 };

function run(signals: LivenessSignal[], from: LivenessState = initialLiveness(0)): LivenessState {
  return signals.reduce((state, signal) => observeLiveness(state, signal, limits), from);
}

describe('consumer liveness', () => {
  it('is consuming while heartbeats and fetches keep coming, however long it runs', () => {
    const signals: LivenessSignal[] = [];
    for (let at = 0; at <= 600_000; at += 5_000) signals.push({ type: at % 10_000 === 0 ? 'heartbeat' : 'fetched', at }, { type: 'tick', at: at + 4_999 });
    expect(run(signals).verdict).toEqual({ status: 'consuming' });
  });

  it('is not ready after the not-ready bound of silence, and gives up after the give-up bound', () => {
    expect(
      run([
        { type: 'joined', at: 1_000 },
        { type: 'tick', at: 21_000 },
      ]).verdict,
    ).toEqual({ status: 'consuming' });
    expect(
      run([
        { type: 'joined', at: 1_000 },
        { type: 'tick', at: 21_001 },
      ]).verdict,
    ).toEqual({
      status: 'not_ready',
      silentForMs: 20_001,
      crashRestarts: 0,
      lastError: null,
    });
    expect(
      run([
        { type: 'joined', at: 1_000 },
        { type: 'tick', at: 61_000 },
      ]).verdict.status,
    ).toBe('not_ready');
    expect(
      run([
        { type: 'joined', at: 1_000 },
        { type: 'tick', at: 61_001 },
      ]).verdict,
    ).toEqual({
      status: 'give_up',
      reason: 'silent',
      silentForMs: 60_001,
      crashRestarts: 0,
      lastError: null,
    });
  });

  it('counts silence from the start when kafkajs never reported anything', () => {
    expect(run([{ type: 'tick', at: 60_001 }], initialLiveness(0)).verdict.status).toBe('give_up');
  });

  it('is consuming again when a sign of life ends a silence shorter than the give-up bound', () => {
    const notReady = run([
      { type: 'fetched', at: 0 },
      { type: 'tick', at: 30_000 },
    ]);
    expect(notReady.verdict.status).toBe('not_ready');
    expect(
      run(
        [
          { type: 'heartbeat', at: 31_000 },
          { type: 'tick', at: 40_000 },
        ],
        notReady,
      ).verdict,
    ).toEqual({ status: 'consuming' });
  });

  it('gives up after the crash-restart limit in a row with nothing consumed in between, naming the last error', () => {
    const loop = run([
      { type: 'crashed', at: 1_000, error: 'Connection error: ECONNREFUSED' },
      { type: 'joined', at: 2_000 }, // joining is not consuming: the loop goes on
      { type: 'crashed', at: 3_000, error: 'Connection error: ECONNREFUSED' },
      { type: 'heartbeat', at: 4_000 },
    ]);
    expect(loop.verdict).toEqual({ status: 'consuming' });
    expect(observeLiveness(loop, { type: 'crashed', at: 5_000, error: 'Connection timeout' }, limits).verdict).toEqual({
      status: 'give_up',
      reason: 'crash_loop',
      silentForMs: 1_000,
      crashRestarts: 3,
      lastError: 'Connection timeout',
    });
  });

  it('starts the crash count again after a fetch or a handled batch', () => {
    const crash = (at: number): LivenessSignal => ({ type: 'crashed', at, error: 'boom' });
    expect(run([crash(1), crash(2), { type: 'fetched', at: 3 }, crash(4), crash(5)]).verdict.status).toBe('consuming');
    expect(run([crash(1), crash(2), { type: 'batch_handled', at: 3 }, crash(4), crash(5)]).verdict.status).toBe('consuming');
    expect(run([crash(1), crash(2), { type: 'batch_started', at: 3 }, crash(4)]).verdict.status).toBe('give_up');
  });

  it('never takes back a give-up', () => {
    const gaveUp = run([{ type: 'tick', at: 70_000 }]);
    expect(
      run(
        [
          { type: 'fetched', at: 70_001 },
          { type: 'batch_handled', at: 70_002 },
        ],
        gaveUp,
      ).verdict.status,
    ).toBe('give_up');
  });

  it('does not let a late-reported older sign of life move the clock back', () => {
    expect(
      run([
        { type: 'fetched', at: 50_000 },
        { type: 'heartbeat', at: 10_000 },
        { type: 'tick', at: 69_000 },
      ]).verdict,
    ).toEqual({ status: 'consuming' });
  });
});

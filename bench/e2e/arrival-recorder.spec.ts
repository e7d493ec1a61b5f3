import { ArrivalRecorder } from './arrival-recorder';
import { pairKey } from './ledger';

describe('arrival recorder', () => {
  it('counts a repeated webhook-id at an endpoint as a duplicate, not a delivery', () => {
    const recorder = new ArrivalRecorder('s');
    recorder.record(0, 'msg_a', 1, 1000, 1100);
    recorder.record(0, 'msg_a', 1, 1000, 1300);
    recorder.record(1, 'msg_a', 1, 1000, 1150);
    expect(recorder.duplicates).toBe(1);
    expect([...recorder.delivered].sort()).toEqual([pairKey(0, 1), pairKey(1, 1)]);
  });

  it('flags the same event under a second webhook-id', () => {
    const recorder = new ArrivalRecorder('s');
    recorder.record(0, 'msg_a', 1, 1000, 1100);
    recorder.record(0, 'msg_b', 1, 1000, 1200);
    expect(recorder.reissued).toBe(1);
    expect(recorder.delivered.size).toBe(1);
  });

  it('measures rate by arrival time and latency by due time', () => {
    const recorder = new ArrivalRecorder('s');
    recorder.record(0, 'a', 1, 900, 1_050); // due before the window, arrived in it
    recorder.record(0, 'b', 2, 1_000, 1_040);
    recorder.record(0, 'c', 3, 1_990, 2_300); // due in the window, arrived after it
    const window = { startMs: 1_000, endMs: 2_000 };
    expect(recorder.deliveredWithin(window)).toBe(2);
    expect(recorder.latenciesOfEventsDueWithin(window)).toEqual([40, 310]);
    expect(recorder.span()).toEqual({ first: 1_040, last: 2_300 });
  });

  it('crosses to the bench process whole (structured clone over IPC)', () => {
    const recorder = new ArrivalRecorder('s');
    recorder.record(0, 'msg_a', 1, 1000, 1100);
    recorder.record(0, 'msg_a', 1, 1000, 1300);
    recorder.record(1, 'msg_b', 2, 2000, 2500);
    const copy = ArrivalRecorder.restore(structuredClone(recorder.snapshot()));
    expect(copy.delivered).toEqual(recorder.delivered);
    expect(copy.duplicates).toBe(1);
    expect(copy.latenciesOfEventsDueWithin({ startMs: 0, endMs: 3000 })).toEqual([100, 500]);
    expect(copy.deliveredWithin({ startMs: 2000, endMs: 3000 })).toBe(1);
  });
});

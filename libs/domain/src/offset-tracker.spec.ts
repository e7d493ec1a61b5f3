import { OffsetTracker } from './offset-tracker';

describe('OffsetTracker', () => {
  it('commits only up to the lowest unfinished job', () => {
    const tracker = new OffsetTracker();
    expect(tracker.committable()).toBeNull();
    for (const offset of ['10', '11', '12', '13']) tracker.add(offset);
    tracker.complete('11');
    tracker.complete('13');
    expect(tracker.committable()).toBe('10');
    tracker.complete('10');
    expect(tracker.committable()).toBe('12');
    tracker.complete('12');
    expect(tracker.committable()).toBe('14');
    expect(tracker.pendingCount).toBe(0);
  });

  it('ignores offsets it has already seen (re-fetch after a rebalance) and tolerates gaps', () => {
    const tracker = new OffsetTracker();
    expect(tracker.isNew('5')).toBe(true);
    expect(tracker.add('5')).toBe(true);
    expect(tracker.isNew('5')).toBe(false);
    expect(tracker.add('5')).toBe(false);
    expect(tracker.isNew('6')).toBe(true); // asking does not take it
    expect(tracker.add('9')).toBe(true); // 6–8 were transaction markers
    tracker.complete('5');
    expect(tracker.committable()).toBe('9');
  });

  it('moves past transaction markers after the last job once nothing before them is pending', () => {
    const tracker = new OffsetTracker();
    tracker.add('7');
    tracker.add('8');
    tracker.passed('9'); // the commit marker of the transaction that wrote 7 and 8
    expect(tracker.committable()).toBe('7');
    tracker.complete('7');
    tracker.complete('8');
    expect(tracker.committable()).toBe('10');
    expect(tracker.isNew('9')).toBe(false);
    tracker.passed('4'); // never backwards
    expect(tracker.committable()).toBe('10');
  });

  it('can pass a stretch of markers before it has seen any job', () => {
    const tracker = new OffsetTracker();
    tracker.passed('3');
    expect(tracker.committable()).toBe('4');
  });
});

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
});

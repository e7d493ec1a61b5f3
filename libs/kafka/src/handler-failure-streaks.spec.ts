import { HandlerFailureStreaks } from './handler-failure-streaks';

describe('HandlerFailureStreaks', () => {
  it('counts failures in a row on the same offset of one partition', () => {
    const streaks = new HandlerFailureStreaks();
    expect([1, 2, 3].map(() => streaks.failed('t', 0, '41'))).toEqual([1, 2, 3]);
    expect(streaks.failed('t', 1, '41')).toBe(1); // another partition has its own streak
    expect(streaks.failed('u', 0, '41')).toBe(1); // and another topic
    expect(streaks.failed('t', 0, '41')).toBe(4);
  });

  it('starts again after a success or when the partition moved on', () => {
    const streaks = new HandlerFailureStreaks();
    streaks.failed('t', 0, '41');
    streaks.failed('t', 0, '41');
    streaks.succeeded('t', 0);
    expect(streaks.failed('t', 0, '41')).toBe(1);
    expect(streaks.failed('t', 0, '42')).toBe(1);
    expect(streaks.failed('t', 0, '42')).toBe(2);
  });
});

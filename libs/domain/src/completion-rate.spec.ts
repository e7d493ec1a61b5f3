import { CompletionRate } from './completion-rate';

describe('CompletionRate', () => {
  it('has no estimate before the lane was observed long enough', () => {
    const rate = new CompletionRate(2_000, 1_000);
    expect(rate.perSecond(0)).toBeNull();
    rate.busy(0);
    rate.completed(100);
    expect(rate.perSecond(999)).toBeNull();
    expect(rate.perSecond(1_000)).toBe(1);
  });

  it('counts completions within the window only', () => {
    const rate = new CompletionRate(2_000, 1_000);
    rate.busy(0);
    for (let t = 10; t <= 1_000; t += 10) rate.completed(t); // 100 in the first second
    expect(rate.perSecond(1_000)).toBe(100);
    expect(rate.perSecond(2_000)).toBe(50); // same 100 over two seconds
    expect(rate.perSecond(2_500)).toBe(25); // the first 50 dropped out of the window
  });

  it('has no estimate while nothing finished in the window (responses slower than the window)', () => {
    const rate = new CompletionRate(2_000, 1_000);
    rate.busy(0);
    expect(rate.perSecond(4_000)).toBeNull();
    rate.completed(4_500);
    expect(rate.perSecond(5_000)).toBe(0.5);
  });

  it('measures each busy period afresh', () => {
    const rate = new CompletionRate(2_000, 1_000);
    rate.busy(0);
    rate.completed(500);
    rate.idle();
    expect(rate.perSecond(1_500)).toBeNull();
    rate.busy(1_500);
    rate.busy(1_800); // already busy: measuring still started at 1,500
    rate.completed(2_000);
    expect(rate.perSecond(2_500)).toBe(1); // one in the second since 1,500; the one before the idle is forgotten
  });
});

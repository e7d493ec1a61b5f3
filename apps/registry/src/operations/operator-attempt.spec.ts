import { operatorAttempt } from './operator-attempt';

describe('operatorAttempt', () => {
  it('follows an exhausted delivery with the next number', () => {
    // Schedule of 3 delays: attempts 1–4, then exhausted.
    expect(operatorAttempt(4, 3)).toBe(5);
  });

  it('skips the automatic range while a retry may still come', () => {
    expect(operatorAttempt(1, 3)).toBe(5);
    expect(operatorAttempt(0, 3)).toBe(5);
  });

  it('follows earlier operator attempts', () => {
    expect(operatorAttempt(7, 3)).toBe(8);
  });
});

import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('gives the burst at once, then one token per 1/rate s', () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect([bucket.take(0), bucket.take(0)]).toEqual([0, 0]);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(50)).toBe(50);
    expect(bucket.take(100)).toBe(0);
  });

  it('never lets more than burst + rate × window through in any window', () => {
    const bucket = TokenBucket.forRate(100, 0);
    const starts: number[] = [];
    for (let now = 0; now < 20_000; now += 1) while (bucket.take(now) === 0) starts.push(now);
    for (let from = 0; from + 10_000 <= 20_000; from += 250) {
      const inWindow = starts.filter((t) => t >= from && t < from + 10_000).length;
      expect(inWindow).toBeLessThanOrEqual(1050);
    }
    expect(starts.length).toBeGreaterThanOrEqual(2000);
  });
});

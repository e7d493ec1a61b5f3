import { percentile, summarize } from './percentiles';

describe('percentiles', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('never interpolates a value that was not measured', () => {
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([10, 20], 51)).toBe(20);
  });

  it('has no percentile of nothing', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([]).count).toBe(0);
  });

  it('summarizes unsorted samples numerically, not as strings', () => {
    const summary = summarize([900, 5, 100, 20, 3]);
    expect(summary).toEqual({ count: 5, p50: 20, p95: 900, p99: 900, max: 900 });
  });
});

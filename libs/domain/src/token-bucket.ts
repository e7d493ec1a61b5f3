/**
 * A token bucket with time passed in. `burst` tokens at most; one token per
 * 1/rate s. A small burst keeps any window close to the rate: over a window of
 * w seconds at most burst + rate × w requests start.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    if (ratePerSecond <= 0 || burst < 1) throw new RangeError('rate must be positive and burst at least 1');
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** The burst that keeps the 5 % promise of DESIGN.md over 10 s windows. */
  static forRate(ratePerSecond: number, now: number): TokenBucket {
    return new TokenBucket(ratePerSecond, Math.max(1, Math.floor(ratePerSecond * 0.2)), now);
  }

  /** Takes a token and returns 0, or returns how many ms until one is available (taking nothing). */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.updatedAt = now;
  }
}

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

/**
 * The 1 s window the limit is promised over, plus 2 ms: a request's recorded
 * start (and the receiver's clock) may read a millisecond off the limiter's,
 * which would show 21 starts in a second of 20. Costs 0.2 % of the rate.
 */
const WINDOW_MS = 1002;

/**
 * An endpoint's `rateLimitPerSecond`: never more than `rate` starts in any
 * 1 s window (a log of the last `rate` starts: the next may begin only once
 * the one `rate` starts back is 1 s old), paced by a token bucket with a
 * burst of 5 % so starts are spread over the second instead of sent at once,
 * and a timer that fires late is made up for. The bucket alone let
 * rate × 1.2 through in one second (its burst of 20 %); the log makes the
 * bound exact over any window of whole seconds, so over 10 s too.
 */
export class RateLimit {
  private readonly bucket: TokenBucket;
  private readonly starts: Float64Array;
  private next = 0;
  private count = 0;
  private lastStartAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly ratePerSecond: number,
    now: number,
  ) {
    if (!Number.isInteger(ratePerSecond) || ratePerSecond < 1) throw new RangeError('rate must be a whole number of at least 1');
    this.bucket = new TokenBucket(ratePerSecond, Math.max(2, Math.ceil(ratePerSecond * 0.05)), now);
    this.starts = new Float64Array(ratePerSecond);
  }

  /** Starts one request and returns 0, or returns how many ms until one may start (starting nothing). */
  take(now: number): number {
    if (this.count === this.ratePerSecond) {
      const wait = (this.starts[this.next] as number) + WINDOW_MS - now;
      if (wait > 0) return Math.ceil(wait);
    }
    const wait = this.bucket.take(now);
    if (wait > 0) return wait;
    this.starts[this.next] = now;
    this.lastStartAt = now;
    this.next = (this.next + 1) % this.ratePerSecond;
    this.count = Math.min(this.count + 1, this.ratePerSecond);
    return 0;
  }

  /** No start within the last window binds the next: a fresh limiter would decide the same. */
  isQuiet(now: number): boolean {
    return now - this.lastStartAt >= WINDOW_MS;
  }
}

/**
 * The endpoints' limiters, kept apart from their lanes: a lane that went idle
 * and was dropped comes back with the limiter that remembers its last second,
 * instead of a fresh one that would let a burst through on top of it.
 */
export class RateLimits {
  private readonly limits = new Map<string, RateLimit>();

  /** The endpoint's limiter (null: no limit), a new one when its rate changed. */
  for(endpointId: string, rate: number | null, now: number): RateLimit | null {
    if (rate === null) {
      this.limits.delete(endpointId);
      return null;
    }
    let limit = this.limits.get(endpointId);
    if (limit === undefined || limit.ratePerSecond !== rate) {
      limit = new RateLimit(rate, now);
      this.limits.set(endpointId, limit);
    }
    return limit;
  }

  /** Forgets limiters of endpoints not `inUse` that nothing binds any more, so memory follows the busy endpoints. */
  prune(now: number, inUse: (endpointId: string) => boolean): void {
    for (const [endpointId, limit] of this.limits) if (!inUse(endpointId) && limit.isQuiet(now)) this.limits.delete(endpointId);
  }

  get size(): number {
    return this.limits.size;
  }
}

/**
 * How fast one endpoint's lane finishes jobs, measured over a sliding window
 * (time passed in). It tells the lane's admission how long the lane needs to
 * work off what it holds, so a full lane that is draining fast is waited for
 * and only a lane that cannot keep up sends its overflow to the park tier.
 */
export class CompletionRate {
  private readonly finished: number[] = [];
  private busySince: number | null = null;

  constructor(
    /** Completions older than this no longer count. */
    private readonly windowMs: number,
    /** Below this much observed busy time there is no estimate yet (a lane that just started). */
    private readonly minObservedMs: number,
  ) {}

  /** The lane got work while it was idle: measuring starts now. */
  busy(now: number): void {
    this.busySince ??= now;
  }

  /** The lane has nothing left: the next busy period is measured afresh. */
  idle(): void {
    this.busySince = null;
    this.finished.length = 0;
  }

  completed(now: number): void {
    this.finished.push(now);
    this.forget(now);
  }

  /**
   * Jobs per second over the time observed, or null while too little has been
   * observed or nothing finished yet (a lane whose first responses take longer
   * than the window is not known to be slow, only not known; admission bounds
   * how long anyone waits for it).
   */
  perSecond(now: number): number | null {
    if (this.busySince === null) return null;
    const observed = Math.min(this.windowMs, now - this.busySince);
    if (observed < this.minObservedMs) return null;
    this.forget(now);
    if (this.finished.length === 0) return null;
    return (this.finished.length * 1000) / observed;
  }

  private forget(now: number): void {
    let drop = 0;
    while (drop < this.finished.length && (this.finished[drop] as number) <= now - this.windowMs) drop += 1;
    if (drop > 0) this.finished.splice(0, drop);
  }
}

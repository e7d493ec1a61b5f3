import { tierAtLeast } from './retry-schedule';

/** Why a job goes to the park tier instead of its endpoint's lane. */
export type ParkReason = 'endpoint_disabled' | 'lane_overflow' | 'fifo_order';

export type Admission =
  | { readonly type: 'enqueue' }
  /** The lane is full but drains soon: hold the source partition until it has room, then decide again. */
  | { readonly type: 'wait' }
  /** Park for `delayMs` (always one tier's own delay, so the job never holds up the tier behind it). */
  | { readonly type: 'park'; readonly delayMs: number; readonly reason: ParkReason };

/** Where a job comes from: `deliveries` (fresh) or back from a tier (parked or retried). */
export type JobSource = 'fresh' | 'parked';

/** What the lane looks like when a job asks to enter. */
export interface LaneLoad {
  readonly enabled: boolean;
  readonly hasRoom: boolean;
  /** Jobs queued and in flight. */
  readonly held: number;
  /** Jobs finished per second lately, or null while the lane has not been observed long enough. */
  readonly perSecond: number | null;
  /** How long partitions have been waiting for this lane without it draining to half its limit (0: none waits). */
  readonly holdingForMs: number;
}

export interface AdmissionPolicy {
  /** A full lane that can work off its jobs within this is waited for rather than overflowing to the park. */
  readonly waitBudgetMs: number;
  /** The longest a lane may hold partitions in one stretch of waiting; then its overflow parks however fast it is. */
  readonly holdLimitMs: number;
  /** The consumed tier delays; the shortest is the park tier. */
  readonly tierDelays: readonly number[];
}

/**
 * Decides whether a job enters an endpoint's in-memory lane, waits for room,
 * or is parked in a tier. Parking is for real reasons only, once per reason:
 *
 * - A disabled endpoint parks its jobs (re-checked every park-tier delay).
 * - A full lane is a reason to park only when the lane cannot work off what it
 *   holds within `waitBudgetMs` (the endpoint is slower than its inflow); a lane
 *   that drains fast — a healthy endpoint with a backlog after a restart — makes
 *   its partition wait for room instead. Waiting costs the partition at most
 *   the time of one slot of a fast lane; parking would cost a write, a read and
 *   a park-tier delay per job, and re-parking jobs that come back to a lane
 *   still full was the duplicate storm of issue 10. A lane that has held its
 *   partitions for `holdLimitMs` without draining to half its limit parks its
 *   overflow however fast it is: a burst to one endpoint holds the others on
 *   its partition for at most that long.
 * - An overflowing unordered lane parks a fresh job for the time the lane
 *   needs (its held jobs plus the jobs it already parked, at its rate),
 *   rounded up to a tier, so it comes back when there should be room. A job
 *   back from the tier to a lane still full waits for a slot (within the hold
 *   limit) instead of being parked again: parked once per reason, no loop.
 *
 * FIFO endpoints must never let a newer job overtake an older one, so once
 * anything is parked every newer fresh job parks behind it (`parkedBacklog`),
 * and when a parked job cannot enter yet it is parked again at the tier's end
 * together with every parked job behind it, until that same job comes round
 * again (`respillMarker`). FIFO parks always use the park tier, so the tier
 * keeps their order. The state is in memory: after a crash a fresh job may
 * overtake parked ones once (documented in docs/dispatcher.md).
 */
export class LaneAdmission {
  /** Parked jobs of this lane not yet back: order for fifo, expected work for unordered. */
  private parkedBacklog = 0;
  private respillMarker: string | null = null;
  /** The park tier's delay: where disabled endpoints' and fifo jobs wait. */
  readonly parkDelayMs: number;

  constructor(
    private readonly fifo: boolean,
    private readonly policy: AdmissionPolicy,
  ) {
    const shortest = Math.min(...policy.tierDelays);
    if (!Number.isFinite(shortest)) throw new Error('at least one tier is needed to park in');
    this.parkDelayMs = shortest;
  }

  admit(messageId: string, source: JobSource, load: LaneLoad): Admission {
    return this.fifo ? this.admitFifo(messageId, source, load) : this.admitUnordered(source, load);
  }

  /** Nothing parked that this admission keeps count of (fifo: order; unordered: the work ahead). */
  isClear(): boolean {
    return this.parkedBacklog === 0 && this.respillMarker === null;
  }

  private admitUnordered(source: JobSource, load: LaneLoad): Admission {
    if (!load.enabled) return this.park('endpoint_disabled');
    if (load.hasRoom) {
      if (source === 'parked') this.parkedBacklog = Math.max(0, this.parkedBacklog - 1);
      return { type: 'enqueue' };
    }
    const drainMs = this.drainMs(load, source);
    if (source === 'parked') {
      // It was parked once for this reason and has waited its turn: it waits for a slot now, not another round trip.
      if (load.holdingForMs <= this.policy.holdLimitMs) return { type: 'wait' };
    } else {
      if (this.worthWaiting(load, drainMs)) return { type: 'wait' };
      this.parkedBacklog += 1;
    }
    return { type: 'park', delayMs: tierAtLeast(drainMs ?? this.parkDelayMs, this.policy.tierDelays), reason: 'lane_overflow' };
  }

  private admitFifo(messageId: string, source: JobSource, load: LaneLoad): Admission {
    if (source === 'fresh') {
      if (load.enabled && this.parkedBacklog === 0) {
        const fits = this.fits(load, source);
        if (fits !== 'park') return fits;
      }
      this.parkedBacklog += 1;
      return this.park(load.enabled ? (this.parkedBacklog > 1 ? 'fifo_order' : 'lane_overflow') : 'endpoint_disabled');
    }
    if (this.respillMarker !== null && this.respillMarker !== messageId) return this.park('fifo_order');
    this.respillMarker = null;
    if (load.enabled) {
      const fits = this.fits(load, source);
      if (fits !== 'park') {
        if (fits.type === 'enqueue') this.parkedBacklog = Math.max(0, this.parkedBacklog - 1);
        return fits;
      }
    }
    this.respillMarker = messageId;
    return this.park(load.enabled ? 'lane_overflow' : 'endpoint_disabled');
  }

  /** For fifo: enqueue, wait for a fast lane, or 'park' when the lane is full and slow. */
  private fits(load: LaneLoad, source: JobSource): Admission | 'park' {
    if (load.hasRoom) return { type: 'enqueue' };
    return this.worthWaiting(load, this.drainMs(load, source)) ? { type: 'wait' } : 'park';
  }

  private worthWaiting(load: LaneLoad, drainMs: number | null): boolean {
    if (load.holdingForMs > this.policy.holdLimitMs) return false;
    return drainMs === null || drainMs <= this.policy.waitBudgetMs;
  }

  /**
   * How long the lane needs before this job's turn, or null before it has a
   * rate. A fresh job is behind what the lane holds and everything it parked;
   * a job back from the tier has waited out the parked work ahead of it and
   * is behind only what the lane holds now (the rest of the backlog returns
   * after it, or with it and behind it in the tier).
   */
  private drainMs(load: LaneLoad, source: JobSource): number | null {
    if (load.perSecond === null) return null;
    const ahead = load.held + (source === 'fresh' ? this.parkedBacklog : 0);
    return ((ahead + 1) * 1000) / load.perSecond;
  }

  private park(reason: ParkReason): Admission {
    return { type: 'park', delayMs: this.parkDelayMs, reason };
  }
}

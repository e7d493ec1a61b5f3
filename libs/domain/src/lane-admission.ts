export type Admission = 'enqueue' | 'park';

/** Where a job comes from: `deliveries` (fresh) or back from the park tier (parked). */
export type JobSource = 'fresh' | 'parked';

/**
 * Decides whether a job enters an endpoint's in-memory lane or is parked in a
 * retry tier (memory stays bounded; disabled endpoints hold their jobs).
 *
 * Unordered endpoints: enqueue when enabled and there is room, else park.
 *
 * FIFO endpoints must never let a newer job overtake an older one, so once
 * anything is parked every newer fresh job parks behind it (`parkedBacklog`),
 * and when a parked job cannot enter yet it is parked again at the tier's end
 * together with every parked job behind it, until that same job comes round
 * again (`respillMarker`). Parking re-appends in log order, so the tier keeps
 * the original order. The state is in memory: after a crash a fresh job may
 * overtake parked ones once (documented in docs/dispatcher.md).
 */
export class LaneAdmission {
  private parkedBacklog = 0;
  private respillMarker: string | null = null;

  constructor(private readonly fifo: boolean) {}

  admit(messageId: string, source: JobSource, hasRoom: boolean, enabled: boolean): Admission {
    const open = enabled && hasRoom;
    if (!this.fifo) return open ? 'enqueue' : 'park';
    if (source === 'fresh') {
      if (open && this.parkedBacklog === 0) return 'enqueue';
      this.parkedBacklog += 1;
      return 'park';
    }
    if (this.respillMarker !== null && this.respillMarker !== messageId) return 'park';
    this.respillMarker = null;
    if (open) {
      this.parkedBacklog = Math.max(0, this.parkedBacklog - 1);
      return 'enqueue';
    }
    this.respillMarker = messageId;
    return 'park';
  }

  /** Nothing parked that this admission must keep in order. */
  isClear(): boolean {
    return this.parkedBacklog === 0 && this.respillMarker === null;
  }
}

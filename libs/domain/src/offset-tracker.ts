/**
 * Which offset of one partition may be committed when jobs finish out of order.
 * The committed offset is the lowest job whose outcome is not yet recorded (or
 * one past the last seen when none is pending), so a crash re-delivers exactly
 * the unfinished jobs and anything after them, never skips one.
 */
export class OffsetTracker {
  private readonly pending = new Set<bigint>();
  private nextUnseen: bigint | null = null;

  /** False for an offset already taken (a re-fetch after a rebalance, a pause or a wait for room). */
  isNew(offset: string): boolean {
    return this.nextUnseen === null || BigInt(offset) >= this.nextUnseen;
  }

  /** True when the offset was not seen before; a re-fetch is ignored. */
  add(offset: string): boolean {
    const value = BigInt(offset);
    if (!this.isNew(offset)) return false;
    this.pending.add(value);
    this.nextUnseen = value + 1n;
    return true;
  }

  /**
   * Everything up to `offset` was taken or held no job (transaction markers
   * after the last record): once nothing before it is pending, the committed
   * position moves past it. Never moves backwards.
   */
  passed(offset: string): void {
    const next = BigInt(offset) + 1n;
    if (this.nextUnseen === null || next > this.nextUnseen) this.nextUnseen = next;
  }

  complete(offset: string): void {
    this.pending.delete(BigInt(offset));
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** The offset to commit (Kafka's "next to read"), or null before anything was seen. */
  committable(): string | null {
    if (this.nextUnseen === null) return null;
    let lowest = this.nextUnseen;
    for (const offset of this.pending) if (offset < lowest) lowest = offset;
    return lowest.toString();
  }
}

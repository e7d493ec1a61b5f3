/**
 * Counts, per partition, how many times in a row the handler failed on the
 * same first offset. A success, or a failure at another offset (the partition
 * moved), starts the count again. Pure: the batch consumer feeds it.
 */
export class HandlerFailureStreaks {
  private readonly streaks = new Map<string, { offset: string; failures: number }>();

  /** Records a failed batch starting at `offset`; returns the failures in a row at that offset. */
  failed(topic: string, partition: number, offset: string): number {
    const key = `${topic}:${partition}`;
    const streak = this.streaks.get(key);
    const failures = streak !== undefined && streak.offset === offset ? streak.failures + 1 : 1;
    this.streaks.set(key, { offset, failures });
    return failures;
  }

  succeeded(topic: string, partition: number): void {
    this.streaks.delete(`${topic}:${partition}`);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it returns a value that `accept` approves, or fails with
 * the last value seen. For state that converges through Kafka and projections.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 60_000, intervalMs = 200, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await sleep(intervalMs);
  }
}

/**
 * How the projections order what they write: the first fact for a key wins
 * (a redelivered job or a replayed event repeats facts), and rows are written
 * in key order so two transactions touching the same rows lock them in the
 * same order (otherwise they can deadlock).
 */
export function firstByKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const first = new Map<string, T>();
  for (const item of items) if (!first.has(key(item))) first.set(key(item), item);
  return first;
}

/** Code-unit order of two keys, the order rows are written in. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs a task when one of `max` slots is free; waiting tasks start in the order they came. */
export type SlotLimiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createSlotLimiter(max: number): SlotLimiter {
  let busy = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (busy < max) busy += 1;
    // A finishing task hands its slot straight to the first waiter, so no newcomer can take it in between.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) busy -= 1;
      else next();
    }
  };
}

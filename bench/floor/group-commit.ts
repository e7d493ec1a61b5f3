/**
 * Group commit: items handed in while a write is in flight go out together in
 * the next one, and items handed in during one turn of the event loop share a
 * write; nothing waits for company otherwise. Each caller's promise settles
 * with the write that carried its items. One write is in flight at a time, as
 * an idempotent kafkajs producer allows.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>): (items: readonly T[]) => Promise<void> {
  let pending: Array<{ readonly items: readonly T[]; readonly resolve: () => void; readonly reject: (error: unknown) => void }> = [];
  let busy = false;
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) {
      busy = false;
      return;
    }
    write(batch.flatMap((entry) => entry.items))
      .then(
        () => batch.forEach((entry) => entry.resolve()),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      )
      .finally(flush);
  };
  return (items) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ items, resolve, reject });
      if (!busy) {
        busy = true;
        setImmediate(flush);
      }
    });
}

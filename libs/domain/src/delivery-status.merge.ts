/** The status of one message's delivery to one endpoint, as the history shows it. */
export type DeliveryStatus = 'pending' | 'failed' | 'exhausted' | 'succeeded';

/**
 * How final each status is. A higher rank wins whatever the attempt numbers (a
 * success is final; exhausted stays exhausted unless an operator's resend
 * succeeds); between equal ranks the higher attempt wins, a later fact a tie.
 * The history projection's SQL is generated from this table
 * (delivery-status.sql.ts), so the two merges cannot drift apart.
 */
export const DELIVERY_STATUS_RANK: Readonly<Record<DeliveryStatus, number>> = {
  pending: 0,
  failed: 0,
  exhausted: 1,
  succeeded: 2,
};

export interface DeliveryProgress {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the next automatic attempt is due; null once the status is final. */
  readonly nextAttemptAt: string | null;
}

/** Does what `next` says replace what `seen` says? */
export function supersedes(next: DeliveryProgress, seen: DeliveryProgress): boolean {
  const nextRank = DELIVERY_STATUS_RANK[next.status];
  const seenRank = DELIVERY_STATUS_RANK[seen.status];
  return nextRank > seenRank || (nextRank === seenRank && next.attempts >= seen.attempts);
}

/**
 * The status and due time of a delivery after `next` is seen on top of `seen`.
 * Associative, so any cut of the log into batches folds to the same row.
 * Attempts and times are merged by their owners (a maximum each).
 */
export function mergeDeliveryStatus(seen: DeliveryProgress, next: DeliveryProgress): Pick<DeliveryProgress, 'status' | 'nextAttemptAt'> {
  const winner = supersedes(next, seen) ? next : seen;
  const final = Math.max(DELIVERY_STATUS_RANK[seen.status], DELIVERY_STATUS_RANK[next.status]) > 0;
  return { status: winner.status, nextAttemptAt: final ? null : winner.nextAttemptAt };
}

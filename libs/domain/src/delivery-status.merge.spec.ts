import { DELIVERY_STATUS_RANK, mergeDeliveryStatus, type DeliveryProgress, type DeliveryStatus } from './delivery-status.merge';

const STATUSES = Object.keys(DELIVERY_STATUS_RANK) as DeliveryStatus[];
const at = (status: DeliveryStatus, attempts: number, nextAttemptAt: string | null = null): DeliveryProgress => ({ status, attempts, nextAttemptAt });
/** Folding keeps attempts as the maximum, as the projection does beside the status merge. */
const fold = (seen: DeliveryProgress, next: DeliveryProgress): DeliveryProgress => ({
  ...mergeDeliveryStatus(seen, next),
  attempts: Math.max(seen.attempts, next.attempts),
});

describe('mergeDeliveryStatus', () => {
  it('keeps a success whatever comes after it, and forgets its due time', () => {
    expect(mergeDeliveryStatus(at('succeeded', 2), at('failed', 5, '2026-12-06T00:00:00Z'))).toEqual({ status: 'succeeded', nextAttemptAt: null });
    expect(mergeDeliveryStatus(at('failed', 5, '2026-12-06T00:00:00Z'), at('succeeded', 1))).toEqual({ status: 'succeeded', nextAttemptAt: null });
  });

  it('keeps exhausted against later failures but not against a success', () => {
    expect(mergeDeliveryStatus(at('exhausted', 4), at('failed', 9, '2026-12-06T00:00:00Z'))).toEqual({ status: 'exhausted', nextAttemptAt: null });
    expect(mergeDeliveryStatus(at('exhausted', 4), at('succeeded', 9))).toEqual({ status: 'succeeded', nextAttemptAt: null });
  });

  it('lets the higher attempt decide between failures, the later fact a tie', () => {
    expect(mergeDeliveryStatus(at('failed', 3, 'a'), at('failed', 2, 'b'))).toEqual({ status: 'failed', nextAttemptAt: 'a' });
    expect(mergeDeliveryStatus(at('failed', 3, 'a'), at('failed', 3, 'b'))).toEqual({ status: 'failed', nextAttemptAt: 'b' });
    expect(mergeDeliveryStatus(at('pending', 0), at('failed', 1, 'b'))).toEqual({ status: 'failed', nextAttemptAt: 'b' });
  });

  // Batches cut the log anywhere: (a ∘ b) ∘ c must equal a ∘ (b ∘ c) for every combination.
  it('is associative over every status, attempt and due time', () => {
    const values = STATUSES.flatMap((status) => [1, 2].map((attempts) => at(status, attempts, `due-${status}-${attempts}`)));
    for (const a of values) {
      for (const b of values) {
        for (const c of values) expect(fold(fold(a, b), c)).toEqual(fold(a, fold(b, c)));
      }
    }
  });
});

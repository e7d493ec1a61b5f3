import { DELIVERY_STATUS_RANK, type DeliveryStatus } from '@hookline/domain';

/**
 * The SQL of mergeDeliveryStatus (libs/domain), generated from its rank table
 * so the upserts of message_deliveries and the in-batch fold are one merge.
 * `seen` and `next` are the aliases of the stored row and the incoming one
 * (`d` and `EXCLUDED` in an ON CONFLICT clause); both have status, attempts and
 * next_attempt_at. delivery-status-merge.int-spec.ts compares the two on every pair.
 */
export function deliveryStatusMergeSql(seen: string, next: string): string {
  const rank = (alias: string) =>
    `(CASE ${alias}.status ${(Object.entries(DELIVERY_STATUS_RANK) as Array<[DeliveryStatus, number]>)
      .map(([status, value]) => `WHEN '${status}' THEN ${value}`)
      .join(' ')} END)`;
  const supersedes = `(${rank(next)} > ${rank(seen)} OR (${rank(next)} = ${rank(seen)} AND ${next}.attempts >= ${seen}.attempts))`;
  return `status = CASE WHEN ${supersedes} THEN ${next}.status ELSE ${seen}.status END,
       next_attempt_at = CASE WHEN GREATEST(${rank(seen)}, ${rank(next)}) > 0 THEN NULL
                              WHEN ${supersedes} THEN ${next}.next_attempt_at ELSE ${seen}.next_attempt_at END`;
}

/** The merge for `INSERT INTO message_deliveries AS d … ON CONFLICT (message_id, endpoint_id) DO UPDATE SET`. */
export const DELIVERY_STATUS_UPSERT = deliveryStatusMergeSql('d', 'EXCLUDED');

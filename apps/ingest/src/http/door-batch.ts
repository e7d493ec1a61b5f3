import type { OutgoingRecord } from '@hookline/kafka';
import type { DedupeClaim, DoorClaimAnswer } from '@hookline/persistence/dedupe';
import { oversizeDetail } from '../events/event-batch';
import type { DoorRefusal } from './door-decision';
import type { DoorEvent } from './publish-event';

/** The source topic of a door claim: no Kafka record, so the claim names the request by a random token as its offset. */
export const DOOR_CLAIM_TOPIC = 'http';

/** What one request of the HTTP door gets. */
export type DoorOutcome =
  { readonly kind: 'accepted'; readonly jobs: number } | { readonly kind: 'duplicate' } | { readonly kind: 'in_progress' } | DoorRefusal;

/** Which requests of a door batch claim their id, and which repeat an id an earlier request of the same batch claims. */
export interface DoorClaimPlan {
  /** By request index: the claim of the batch's first request with each producer-given id. */
  readonly claims: ReadonlyMap<number, DedupeClaim>;
  /** By request index: the earlier request of the batch whose id it repeats (it shares that request's fate). */
  readonly leaderOf: ReadonlyMap<number, number>;
}

/** Only a producer-given id can repeat; an id the door made up claims nothing. */
export function planDoorClaims(events: readonly DoorEvent[], token: () => string): DoorClaimPlan {
  const claims = new Map<number, DedupeClaim>();
  const leaderOf = new Map<number, number>();
  const firstWith = new Map<string, number>();
  events.forEach((event, index) => {
    if (!event.producerGaveId) return;
    const leader = firstWith.get(event.messageId);
    if (leader !== undefined) return leaderOf.set(index, leader);
    firstWith.set(event.messageId, index);
    claims.set(index, { messageId: event.messageId, topic: DOOR_CLAIM_TOPIC, partition: 0, offset: token() });
  });
  return { claims, leaderOf };
}

/** A door batch's transaction output and what each request gets if that transaction commits. */
export interface DoorBatchOutput {
  readonly records: OutgoingRecord[];
  /** By request index; followers (in-batch repeats) are settled later, from their leader (settleFollowers). */
  readonly outcomes: Map<number, DoorOutcome>;
  /** Claims of fanned-out requests: confirmed once the transaction committed, released if it failed. */
  readonly fannedOut: DedupeClaim[];
  /** Claims of requests rejected after claiming: released either way, so a valid copy is not taken for a duplicate. */
  readonly rejected: DedupeClaim[];
}

/**
 * Fans out every request that won its claim or needed none. A fan-out that
 * refuses the request (decided again on the current view), throws or needs a
 * record the broker would refuse is about that request alone: it is
 * answered, its claim released, and the rest of the batch goes on.
 */
export function doorBatchOutput<E extends DoorEvent>(
  events: readonly E[],
  plan: DoorClaimPlan,
  answers: ReadonlyMap<string, DoorClaimAnswer>,
  fanOut: (event: E, index: number) => OutgoingRecord[] | DoorRefusal,
): DoorBatchOutput {
  const output: DoorBatchOutput = { records: [], outcomes: new Map(), fannedOut: [], rejected: [] };
  events.forEach((event, index) => {
    if (plan.leaderOf.has(index)) return;
    const claim = plan.claims.get(index);
    const answer = claim === undefined ? 'won' : (answers.get(claim.messageId) ?? 'won');
    if (answer !== 'won') return output.outcomes.set(index, { kind: answer });
    let records: OutgoingRecord[] | DoorRefusal;
    try {
      records = fanOut(event, index);
    } catch (error) {
      if (claim !== undefined) output.rejected.push(claim);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return output.outcomes.set(index, { kind: 'rejected', reason: 'internal_error', message });
    }
    if (!Array.isArray(records)) {
      if (claim !== undefined) output.rejected.push(claim);
      return output.outcomes.set(index, records);
    }
    const oversize = oversizeDetail(records);
    if (oversize !== null) {
      if (claim !== undefined) output.rejected.push(claim);
      return output.outcomes.set(index, { kind: 'rejected', reason: 'payload_too_large', message: oversize });
    }
    output.records.push(...records);
    if (claim !== undefined) output.fannedOut.push(claim);
    output.outcomes.set(index, { kind: 'accepted', jobs: records.length - 1 });
  });
  return output;
}

/** The transaction failed: nothing of the batch was accepted, and nothing it claimed may hold an id. */
export function failedBatch(output: DoorBatchOutput, message: string): Map<number, DoorOutcome> {
  const failed: DoorOutcome = { kind: 'failed', message };
  return new Map([...output.outcomes].map(([index, outcome]) => [index, outcome.kind === 'accepted' ? failed : outcome]));
}

/** Each in-batch repeat shares its leader's fate, except that the leader's acceptance makes it a duplicate. */
export function settleFollowers(outcomes: Map<number, DoorOutcome>, plan: DoorClaimPlan): Map<number, DoorOutcome> {
  for (const [index, leader] of plan.leaderOf) {
    const outcome = outcomes.get(leader) as DoorOutcome;
    outcomes.set(index, outcome.kind === 'accepted' ? { kind: 'duplicate' } : outcome);
  }
  return outcomes;
}

import type { ConsumedRecord } from '@hookline/kafka';
import type { DedupeClaim } from '@hookline/persistence/dedupe';
import type { AdmittedEvent, ClassifiedEvent } from './event-batch';

/** Which records of a partition batch claim their message id in Postgres, and which repeat an id within the batch. */
export interface ClaimPlan {
  /** One per message id: the batch's first admitted record with a producer-given id. Keyed by `messageId@offset`. */
  readonly claims: ReadonlyMap<string, DedupeClaim>;
  /** Later records of the batch with an id an earlier record claims: duplicates without asking Postgres. */
  readonly repeats: ReadonlySet<ConsumedRecord>;
  readonly claimants: ReadonlyMap<string, AdmittedEvent>;
}

/**
 * Only admitted events with a producer-given id claim: an id ingest made up
 * (from the record's position) cannot repeat, and a rejected record must not
 * hold an id a later valid copy needs.
 */
export function planClaims(source: { topic: string; partition: number }, classified: readonly ClassifiedEvent[]): ClaimPlan {
  const claims = new Map<string, DedupeClaim>();
  const claimants = new Map<string, AdmittedEvent>();
  const repeats = new Set<ConsumedRecord>();
  const firstById = new Set<string>();
  for (const item of classified) {
    if (item.kind !== 'admitted' || !item.producerGaveId) continue;
    if (firstById.has(item.messageId)) {
      repeats.add(item.message);
      continue;
    }
    firstById.add(item.messageId);
    const key = `${item.messageId}@${item.message.offset}`;
    claims.set(key, { messageId: item.messageId, topic: source.topic, partition: source.partition, offset: item.message.offset });
    claimants.set(key, item);
  }
  return { claims, repeats, claimants };
}

/** Claims made on an earlier plan that the later one does not make (to withdraw), and claims it adds (to make). */
export function claimChanges(earlier: ClaimPlan, later: ClaimPlan): { withdrawn: DedupeClaim[]; added: DedupeClaim[] } {
  const withdrawn = [...earlier.claims].filter(([key]) => !later.claims.has(key)).map(([, claim]) => claim);
  const added = [...later.claims].filter(([key]) => !earlier.claims.has(key)).map(([, claim]) => claim);
  return { withdrawn, added };
}

/** The plan's duplicates: in-batch repeats, and claimants whose id another record holds (per `claimedElsewhere`). */
export function duplicatesOf(plan: ClaimPlan, claimedElsewhere: (messageId: string) => boolean): Set<ConsumedRecord> {
  const duplicates = new Set(plan.repeats);
  for (const item of plan.claimants.values()) if (claimedElsewhere(item.messageId)) duplicates.add(item.message);
  return duplicates;
}

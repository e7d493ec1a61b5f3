import type { ConsumedRecord } from '@hookline/kafka';
import type { DedupeClaim } from '@hookline/persistence/dedupe';
import { claimChanges, duplicatesOf, planClaims } from './batch-claims';
import type { ClassifiedEvent } from './event-batch';

export interface BatchDecisionSteps {
  readonly source: { readonly topic: string; readonly partition: number };
  /** Facts the registry view has applied (RegistryView.version). */
  viewVersion(): number;
  /** Classifies the batch on the view as it is now. */
  classify(): ClassifiedEvent[];
  /** Resolves once the view has applied every registry fact that existed when called. */
  waitUntilCurrent(): Promise<void>;
  /** Claims message ids; resolves with the ids another record holds (claimMessageIds). */
  claim(claims: readonly DedupeClaim[]): Promise<Set<string>>;
  /** Withdraws claims these exact records made (releaseDedupeClaims). */
  release(claims: readonly DedupeClaim[]): Promise<void>;
}

export interface BatchDecision {
  readonly classified: ClassifiedEvent[];
  readonly duplicates: Set<ConsumedRecord>;
}

/**
 * Classifies a partition batch and finds its duplicates, with the dedupe
 * claim (a Postgres round trip) running beside the registry wait (a Kafka
 * round trip) instead of after it. The claim is made on the view as it is
 * before the wait; nearly always nothing is applied meanwhile and that view
 * is the one the wait confirms. When facts did arrive, the batch is
 * classified again on the current view (the guarantee: what the registry
 * acknowledged before the event was produced is seen) and the claims are
 * corrected: claims of records no longer admitted are withdrawn first (a
 * rejected record must not hold an id), then the new ones are made.
 */
export async function decideBatch(steps: BatchDecisionSteps): Promise<BatchDecision> {
  const before = steps.viewVersion();
  const early = steps.classify();
  const earlyPlan = planClaims(steps.source, early);
  const [, earlyClaimedElsewhere] = await Promise.all([steps.waitUntilCurrent(), steps.claim([...earlyPlan.claims.values()])]);
  if (steps.viewVersion() === before) {
    return { classified: early, duplicates: duplicatesOf(earlyPlan, (id) => earlyClaimedElsewhere.has(id)) };
  }
  const classified = steps.classify();
  const plan = planClaims(steps.source, classified);
  const { withdrawn, added } = claimChanges(earlyPlan, plan);
  await steps.release(withdrawn);
  const addedClaimedElsewhere = await steps.claim(added);
  const addedIds = new Set(added.map((claim) => claim.messageId));
  // Each id has one claimant per plan: an added claimant's answer is the new one, a kept claimant's the early one.
  const claimedElsewhere = (id: string) => (addedIds.has(id) ? addedClaimedElsewhere.has(id) : earlyClaimedElsewhere.has(id));
  return { classified, duplicates: duplicatesOf(plan, claimedElsewhere) };
}

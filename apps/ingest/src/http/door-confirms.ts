import type { DedupeClaim } from '@hookline/persistence/dedupe';

/** Confirmations for the next claim statement: those that ride along, and those that must go before it. */
export interface ConfirmPlan {
  /** Confirmed by the claim statement itself (claimForDoor's `confirming`). */
  readonly riding: DedupeClaim[];
  /** Their ids are claimed again by this batch: confirmed first, so the claim finds them confirmed (a duplicate, not in progress). */
  readonly ahead: DedupeClaim[];
}

/**
 * The door's committed claims that still say pending. A confirmation used
 * to be a statement of its own after every batch's commit: half the door's
 * Postgres transactions (bench, `http/f1/1255`: 5,562 confirmations beside
 * 5,833 claims). Now it waits for the next batch's claim statement and
 * rides in it; when no batch is claiming, it goes alone at once.
 */
export class UnconfirmedClaims {
  private claims: DedupeClaim[] = [];

  get size(): number {
    return this.claims.length;
  }

  add(claims: readonly DedupeClaim[]): void {
    this.claims.push(...claims);
  }

  /** Takes every confirmation, split by whether the next statement claims its id again. */
  takeFor(claimedIds: ReadonlySet<string>): ConfirmPlan {
    const riding: DedupeClaim[] = [];
    const ahead: DedupeClaim[] = [];
    for (const claim of this.claims) (claimedIds.has(claim.messageId) ? ahead : riding).push(claim);
    this.claims = [];
    return { riding, ahead };
  }

  /** Takes every confirmation, to send on its own. */
  takeAll(): DedupeClaim[] {
    const all = this.claims;
    this.claims = [];
    return all;
  }
}

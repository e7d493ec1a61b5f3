import type { DedupeClaim } from '@hookline/persistence/dedupe';

/** Sends claims in one statement; resolves with the ids another record holds (claimMessageIds). */
export type SendClaims = (claims: readonly DedupeClaim[], now: Date) => Promise<Set<string>>;

interface Caller {
  readonly claims: readonly DedupeClaim[];
  readonly now: Date;
  resolve(duplicates: Set<string>): void;
  reject(error: unknown): void;
}

/**
 * Merges the Kafka door's dedupe claims into one statement at a time.
 *
 * kafkajs hands a fetch cycle's partition batches to several workers at
 * once, and each claimed its ids on its own: at 1,000 events/s over 54
 * partitions that was about 350 statements a second of three rows each, each
 * a Postgres transaction (the bench's pg_stat_statements). Here one claim
 * statement is in flight; claims that arrive meanwhile go together in the
 * next. Idle, a claim goes at once, so nothing waits that did not have to;
 * the claim also runs beside the registry wait, which hides the rest.
 *
 * A caller whose ids meet an id already in the forming statement waits for
 * the one after: Postgres refuses to touch a row twice in one upsert, and in
 * turn the later claim sees the earlier one's row, as it would have alone.
 */
export class ClaimCoalescer {
  private readonly queue: Caller[] = [];
  private sending = false;

  constructor(private readonly send: SendClaims) {}

  claim(claims: readonly DedupeClaim[], now: Date): Promise<Set<string>> {
    if (claims.length === 0) return Promise.resolve(new Set());
    return new Promise((resolve, reject) => {
      this.queue.push({ claims, now, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.sending || this.queue.length === 0) return;
    const round = takeRound(this.queue);
    this.sending = true;
    const claims = round.flatMap((caller) => caller.claims);
    // The latest caller's clock: the takeover cutoffs move by the milliseconds the callers waited.
    const now = new Date(Math.max(...round.map((caller) => caller.now.getTime())));
    let sent: Promise<Set<string>>;
    try {
      sent = this.send(claims, now);
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent
      .then(
        (duplicates) => round.forEach((caller) => caller.resolve(ownDuplicates(caller.claims, duplicates))),
        (error: unknown) => round.forEach((caller) => caller.reject(error)),
      )
      .finally(() => {
        this.sending = false;
        this.next();
      });
  }
}

/**
 * Claims one statement carries at most (unless a single caller brings more).
 * Catching up on a backlog, a cycle's batches hold thousands of records each;
 * one bounded statement keeps its row locks and its answer's wait short.
 */
export const MAX_ROUND_CLAIMS = 5_000;

/** Removes from the queue the callers of the next statement: in order, skipping any whose ids meet one already taken. */
function takeRound(queue: Caller[]): Caller[] {
  const taken = new Set<string>();
  const round: Caller[] = [];
  for (let index = 0; index < queue.length;) {
    const caller = queue[index] as Caller;
    const full = round.length > 0 && taken.size + caller.claims.length > MAX_ROUND_CLAIMS;
    if (full || caller.claims.some((claim) => taken.has(claim.messageId))) {
      index += 1;
      continue;
    }
    for (const claim of caller.claims) taken.add(claim.messageId);
    round.push(caller);
    queue.splice(index, 1);
  }
  return round;
}

function ownDuplicates(claims: readonly DedupeClaim[], duplicates: ReadonlySet<string>): Set<string> {
  return new Set(claims.filter((claim) => duplicates.has(claim.messageId)).map((claim) => claim.messageId));
}

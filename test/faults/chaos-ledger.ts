/**
 * The books of a chaos run, checked after the fact: pure, so the checks can
 * be shown to fail on a made-up duplicate storm (chaos.e2e-spec.ts) as well
 * as pass on a real run. Times are epoch milliseconds of one machine's clock.
 */

/** One POST a receiver saw. */
export interface Receipt {
  readonly endpoint: string;
  /** The `webhook-id` header: the message, stable across retries and repeats. */
  readonly messageId: string;
  /** The load's sequence number from the body, null for anything else (warm-up probes). */
  readonly seq: number | null;
  readonly at: number;
}

/**
 * A time when in-flight work could be lost and sent again: a dispatcher
 * process died (from = to = its exit), or the broker was down (from its
 * death until it ran again; commits and records fail meanwhile).
 */
export interface Disruption {
  readonly what: string;
  readonly from: number;
  readonly to: number;
}

/** How many attempts of one (endpoint, message): rows in the history, or facts in `delivery-log`. */
export interface HistoryCount {
  readonly endpoint: string;
  readonly messageId: string;
  readonly rows: number;
}

export interface LedgerInput {
  readonly publishedSeqs: readonly number[];
  readonly endpoints: readonly string[];
  readonly receipts: readonly Receipt[];
  /** Attempt rows in Postgres. */
  readonly history: readonly HistoryCount[];
  /** AttemptSucceeded / AttemptFailed facts in `delivery-log` (read committed): what the dispatcher recorded. */
  readonly recordedAttempts: readonly HistoryCount[];
  readonly disruptions: readonly Disruption[];
  /**
   * How long before a disruption a job may have been sent and still not be
   * committed (its outcome recorded and its offset committed): a repeat of a
   * copy sent earlier than this before any disruption is a storm, not a retry
   * of in-flight work.
   */
  readonly inFlightWindowMs: number;
  /** Records in the retry tiers (`retry.*`), read committed. */
  readonly retryRecords: number;
  /** AttemptFailed facts that scheduled a next attempt: the only reason to write a retry record. */
  readonly realRetries: number;
}

export interface Ledger {
  readonly published: number;
  readonly expectedDeliveries: number;
  /** (endpoint, published event) pairs with at least one POST. */
  readonly delivered: number;
  readonly undelivered: readonly string[];
  readonly posts: number;
  /** POSTs beyond the first per (endpoint, message). */
  readonly duplicatePosts: number;
  /** Duplicates each explained by its own disruption, with the earlier copy inside the in-flight window. */
  readonly explainedDuplicates: number;
  readonly maxCopies: number;
  readonly historyRows: number;
  readonly recordedAttempts: number;
  /** POSTs with no attempt fact: allowed only for copies in flight when their dispatcher or broker died. */
  readonly unrecordedPosts: number;
  readonly retryRecords: number;
  readonly realRetries: number;
  /** Every broken promise, readable; empty when the books balance. */
  readonly violations: readonly string[];
}

const SAMPLE = 10;

export function checkLedger(input: LedgerInput): Ledger {
  const violations: string[] = [];
  const byPair = new Map<string, Receipt[]>();
  for (const receipt of input.receipts) {
    const key = pairKey(receipt.endpoint, receipt.messageId);
    const list = byPair.get(key) ?? [];
    list.push(receipt);
    byPair.set(key, list);
  }

  // Every published event reached every subscribed endpoint.
  const deliveredSeqs = new Set(input.receipts.filter((r) => r.seq !== null).map((r) => `${r.endpoint}#${r.seq}`));
  const undelivered: string[] = [];
  for (const endpoint of input.endpoints) {
    for (const seq of input.publishedSeqs) if (!deliveredSeqs.has(`${endpoint}#${seq}`)) undelivered.push(`${endpoint}#${seq}`);
  }
  const expectedDeliveries = input.endpoints.length * input.publishedSeqs.length;
  if (undelivered.length > 0) {
    violations.push(`${undelivered.length} of ${expectedDeliveries} deliveries never arrived, e.g. ${undelivered.slice(0, SAMPLE).join(', ')}`);
  }

  // Repeats only within the in-flight window of a disruption, at most one per disruption.
  const disruptions = [...input.disruptions].sort((a, b) => a.from - b.from);
  let duplicatePosts = 0;
  let explainedDuplicates = 0;
  let maxCopies = 0;
  const explainedByPair = new Map<string, number>();
  const storms: string[] = [];
  for (const [key, list] of byPair) {
    const times = list.map((r) => r.at).sort((a, b) => a - b);
    maxCopies = Math.max(maxCopies, times.length);
    const used = new Set<Disruption>();
    let explained = 0;
    for (let i = 1; i < times.length; i++) {
      duplicatePosts += 1;
      const before = times[i - 1] as number;
      const after = times[i] as number;
      const cause = disruptions.find((d) => !used.has(d) && before >= d.from - input.inFlightWindowMs && before <= d.to && after >= d.from);
      if (cause === undefined) continue;
      used.add(cause);
      explained += 1;
    }
    explainedDuplicates += explained;
    explainedByPair.set(key, explained);
    if (explained < times.length - 1) storms.push(`${key} ×${times.length} at ${times.map(clock).join(', ')}`);
  }
  if (storms.length > 0) {
    violations.push(
      `${duplicatePosts - explainedDuplicates} duplicate POSTs outside the in-flight window of any disruption ` +
        `(${storms.length} messages, up to ${maxCopies} copies), e.g. ${storms.slice(0, SAMPLE).join(', ')}`,
    );
  }

  // The dispatcher recorded every POST but those cut off by a death, and the history shows every recorded attempt.
  const factsByPair = countsByPair(input.recordedAttempts);
  const rowsByPair = countsByPair(input.history);
  let unrecordedPosts = 0;
  const phantoms: string[] = [];
  const unexplainedGaps: string[] = [];
  const hidden: string[] = [];
  for (const key of new Set([...byPair.keys(), ...factsByPair.keys(), ...rowsByPair.keys()])) {
    const posts = byPair.get(key)?.length ?? 0;
    const facts = factsByPair.get(key) ?? 0;
    const rows = rowsByPair.get(key) ?? 0;
    if (facts > posts) phantoms.push(`${key} ${facts} attempts recorded for ${posts} POSTs`);
    const missing = posts - facts;
    if (missing > 0) {
      unrecordedPosts += missing;
      // A POST may lack its fact only if it was in flight when its process died, which also explains its repeat.
      if (missing > (explainedByPair.get(key) ?? 0)) unexplainedGaps.push(`${key} ${posts} POSTs, ${facts} recorded`);
    }
    if (rows !== facts) hidden.push(`${key} ${facts} attempts recorded, ${rows} history rows (${posts} POSTs)`);
  }
  if (phantoms.length > 0) violations.push(`${phantoms.length} messages have more attempts recorded than POSTs, e.g. ${phantoms.slice(0, SAMPLE).join(', ')}`);
  if (unexplainedGaps.length > 0) {
    violations.push(
      `${unexplainedGaps.length} messages have POSTs that were never recorded and not cut off by a disruption, e.g. ${unexplainedGaps.slice(0, SAMPLE).join(', ')}`,
    );
  }
  if (hidden.length > 0)
    violations.push(`the history does not show every recorded attempt for ${hidden.length} messages, e.g. ${hidden.slice(0, SAMPLE).join(', ')}`);

  if (input.retryRecords !== input.realRetries) {
    violations.push(`${input.retryRecords} records in the retry tiers for ${input.realRetries} failed attempts that scheduled a retry`);
  }

  return {
    published: input.publishedSeqs.length,
    expectedDeliveries,
    delivered: expectedDeliveries - undelivered.length,
    undelivered,
    posts: input.receipts.length,
    duplicatePosts,
    explainedDuplicates,
    maxCopies,
    historyRows: sum(input.history),
    recordedAttempts: sum(input.recordedAttempts),
    unrecordedPosts,
    retryRecords: input.retryRecords,
    realRetries: input.realRetries,
    violations,
  };
}

/** Wall-clock time of day, to set a copy against the disruptions' times in the run's log. */
function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function countsByPair(counts: readonly HistoryCount[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const c of counts) map.set(pairKey(c.endpoint, c.messageId), (map.get(pairKey(c.endpoint, c.messageId)) ?? 0) + c.rows);
  return map;
}

function sum(counts: readonly HistoryCount[]): number {
  return counts.reduce((total, c) => total + c.rows, 0);
}

function pairKey(endpoint: string, messageId: string): string {
  return `${endpoint}/${messageId}`;
}

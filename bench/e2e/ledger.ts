/**
 * The ledger of one measured run, per (endpoint, event) pair: every pair the
 * published events call for must be delivered, failed (its event was
 * dead-lettered) or still in flight (found unfinished in the engine's topics),
 * each counted from its own evidence. A pair in none of them was lost, a
 * delivery of a pair nobody published is a phantom; either makes the run
 * INVALID, whatever its throughput.
 */
export interface LedgerInput {
  /** Sequence numbers of the events the broker acknowledged. */
  readonly publishedSeqs: readonly number[];
  /** The endpoints (by index) an event is owed to: all of a fan-out group, one of a spread group. */
  readonly endpointsOf: (seq: number) => readonly number[];
  /** Pairs the receiver answered 2xx at least once. */
  readonly delivered: ReadonlySet<string>;
  /** Pairs whose event ingest dead-lettered, or whose delivery was given up. */
  readonly failed: ReadonlySet<string>;
  /** Pairs whose event or job is still in an unconsumed part of `events`, `deliveries` or a retry tier. */
  readonly inFlight: ReadonlySet<string>;
  /** Arrivals that repeated a webhook-id already received by that endpoint. */
  readonly duplicates: number;
}

export interface Ledger {
  readonly published: number;
  readonly expectedPairs: number;
  readonly delivered: number;
  readonly failed: number;
  readonly inFlight: number;
  /** Expected pairs with no evidence anywhere: lost. */
  readonly unaccounted: number;
  /** Delivered pairs that no published event called for. */
  readonly phantom: number;
  readonly duplicates: number;
  readonly balanced: boolean;
}

export function pairKey(endpoint: number, seq: number): string {
  return `${endpoint}:${seq}`;
}

export function balanceLedger(input: LedgerInput): Ledger {
  const expected = new Set<string>();
  for (const seq of input.publishedSeqs) {
    for (const endpoint of input.endpointsOf(seq)) expected.add(pairKey(endpoint, seq));
  }
  let delivered = 0;
  let failed = 0;
  let inFlight = 0;
  let unaccounted = 0;
  // Each pair is counted once, by its strongest evidence: a delivery beats a
  // dead letter or a job still queued (that job is a duplicate to come).
  for (const pair of expected) {
    if (input.delivered.has(pair)) delivered += 1;
    else if (input.failed.has(pair)) failed += 1;
    else if (input.inFlight.has(pair)) inFlight += 1;
    else unaccounted += 1;
  }
  let phantom = 0;
  for (const pair of input.delivered) if (!expected.has(pair)) phantom += 1;
  return {
    published: input.publishedSeqs.length,
    expectedPairs: expected.size,
    delivered,
    failed,
    inFlight,
    unaccounted,
    phantom,
    duplicates: input.duplicates,
    balanced: unaccounted === 0 && phantom === 0,
  };
}

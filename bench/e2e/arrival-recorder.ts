import { pairKey } from './ledger';

export interface Window {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Everything the receiver saw of one step: first deliveries per (endpoint,
 * event) pair with their arrival time and latency, and repeats. Latency is
 * arrival − the event's due time on the open-loop schedule, both read from
 * this process's clock (the receiver and the generator share it).
 */
/** What a recorder holds, as it crosses from the receiver process to the bench (webhook ids stay behind). */
export interface ArrivalSnapshot {
  readonly step: string;
  readonly delivered: Set<string>;
  readonly arrivals: number[];
  readonly dueTimes: number[];
  readonly duplicates: number;
  readonly reissued: number;
}

export class ArrivalRecorder {
  readonly delivered = new Set<string>();
  private readonly webhookIds = new Set<string>();
  private readonly arrivals: number[] = [];
  private readonly dueTimes: number[] = [];
  /** Repeats of a webhook-id at the same endpoint (at-least-once redelivery). */
  duplicates = 0;
  /** The same event delivered to an endpoint under a second webhook-id: ingest dedupe failed. */
  reissued = 0;

  constructor(readonly step: string) {}

  snapshot(): ArrivalSnapshot {
    return {
      step: this.step,
      delivered: this.delivered,
      arrivals: this.arrivals,
      dueTimes: this.dueTimes,
      duplicates: this.duplicates,
      reissued: this.reissued,
    };
  }

  /** A read-only copy in the bench process, for the figures and the ledger of a step. */
  static restore(snapshot: ArrivalSnapshot): ArrivalRecorder {
    const recorder = new ArrivalRecorder(snapshot.step);
    for (const pair of snapshot.delivered) recorder.delivered.add(pair);
    // A loop, not push(...): a long run has more arrivals than a call has room for arguments.
    snapshot.arrivals.forEach((at, i) => {
      recorder.arrivals.push(at);
      recorder.dueTimes.push(snapshot.dueTimes[i] as number);
    });
    recorder.duplicates = snapshot.duplicates;
    recorder.reissued = snapshot.reissued;
    return recorder;
  }

  record(endpoint: number, webhookId: string, seq: number, dueAt: number, at: number): void {
    const idKey = `${endpoint}:${webhookId}`;
    if (this.webhookIds.has(idKey)) {
      this.duplicates += 1;
      return;
    }
    this.webhookIds.add(idKey);
    const pair = pairKey(endpoint, seq);
    if (this.delivered.has(pair)) {
      this.reissued += 1;
      return;
    }
    this.delivered.add(pair);
    this.arrivals.push(at);
    this.dueTimes.push(dueAt);
  }

  /** First deliveries that arrived inside the window. */
  deliveredWithin(window: Window): number {
    let count = 0;
    for (const at of this.arrivals) if (at >= window.startMs && at < window.endMs) count += 1;
    return count;
  }

  /** Latencies (ms) of the deliveries of events due inside the window, whenever they arrived. */
  latenciesOfEventsDueWithin(window: Window): number[] {
    const latencies: number[] = [];
    this.dueTimes.forEach((dueAt, i) => {
      if (dueAt >= window.startMs && dueAt < window.endMs) latencies.push((this.arrivals[i] as number) - dueAt);
    });
    return latencies;
  }

  /** Time of the first and last first-delivery, for closed-loop rates (the raw baseline). */
  span(): { first: number; last: number } | undefined {
    if (this.arrivals.length === 0) return undefined;
    return { first: Math.min(...this.arrivals), last: Math.max(...this.arrivals) };
  }
}

import { metrics } from '@opentelemetry/api';
import { delayLabel, type DeliveryJob } from '@hookline/contracts';
import { tierFor, type EndpointState, type NextAction, type ParkReason } from '@hookline/domain';

/**
 * The dispatcher's instruments, on its /metrics (Prometheus names in
 * docs/dispatcher.md). Recorded only after an outcome is durable, so an
 * attempt repeated because its write failed is counted once per recording,
 * like the history.
 */
const meter = metrics.getMeter('hookline-dispatcher');

const deliveries = meter.createCounter('hookline_dispatcher_deliveries', {
  description: 'Attempts by outcome: succeeded, failed (a retry or hold follows), exhausted (no attempt follows)',
});

const attemptDuration = meter.createHistogram('hookline_dispatcher_attempt_duration_ms', {
  description: 'Duration of one HTTP attempt, from request start to response (or failure)',
  unit: 'ms',
  advice: { explicitBucketBoundaries: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000] },
});

// From the event's created_at (whole seconds, so up to 1 s short) to the successful attempt, retries included.
const endToEnd = meter.createHistogram('hookline_dispatcher_end_to_end_latency_ms', {
  description: 'Event creation to successful delivery; first deliveries only (not resend/recover)',
  unit: 'ms',
  advice: {
    explicitBucketBoundaries: [100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 86_400_000],
  },
});

const retriesScheduled = meter.createCounter('hookline_dispatcher_retries_scheduled', {
  description: 'Retries scheduled, by the tier the job waits in (in_place: a fifo head retried in memory)',
});

const jobsParked = meter.createCounter('hookline_dispatcher_jobs_parked', {
  description: 'Jobs written to the park tier: lane full, endpoint disabled, or behind parked fifo jobs',
});

/** Endpoints whose last health verdict in this process was `failing` (a message exhausted, no success since). */
const failing = new Set<string>();

export interface RecordedAttempt {
  readonly job: DeliveryJob;
  readonly succeeded: boolean;
  readonly durationMs: number;
  readonly action: NextAction;
  readonly fifo: boolean;
  /** The retry tiers consumed, to name the one a retry waits in. */
  readonly tierDelays: readonly number[];
  readonly healthChanged: 'healthy' | 'failing' | null;
  readonly now: number;
}

/** Called once per attempt, after its facts and follow-up are durable. */
export function recordAttempt(attempt: RecordedAttempt): void {
  const { job, action } = attempt;
  const outcome = attempt.succeeded ? 'succeeded' : action.type === 'exhausted' ? 'exhausted' : 'failed';
  deliveries.add(1, { outcome });
  attemptDuration.record(attempt.durationMs, { outcome });
  if (attempt.succeeded && isFirstDelivery(job)) endToEnd.record(Math.max(0, attempt.now - job.createdAt * 1000));
  if (action.type === 'retry') {
    retriesScheduled.add(1, { tier: attempt.fifo ? 'in_place' : delayLabel(tierFor(action.delayMs, attempt.tierDelays)) });
  }
  if (attempt.healthChanged === 'failing') failing.add(job.endpointId);
  if (attempt.healthChanged === 'healthy') failing.delete(job.endpointId);
}

export function recordParked(reason: ParkReason): void {
  jobsParked.add(1, { reason });
}

/** Gauges read from the dispatcher's registry view at scrape time. */
export function observeEndpoints(endpoints: () => Iterable<EndpointState>): void {
  meter.createObservableGauge('hookline_dispatcher_endpoints_disabled', { description: 'Endpoints currently disabled' }).addCallback((result) => {
    let count = 0;
    for (const endpoint of endpoints()) if (endpoint.status === 'disabled') count += 1;
    result.observe(count);
  });
  meter
    .createObservableGauge('hookline_dispatcher_endpoints_failing', { description: 'Existing endpoints this dispatcher last saw exhaust a message' })
    .addCallback((result) => {
      const live = new Set<string>();
      for (const endpoint of endpoints()) live.add(endpoint.endpointId);
      for (const id of failing) if (!live.has(id)) failing.delete(id); // deleted endpoints stop counting
      result.observe(failing.size);
    });
}

/** Resend and recover repeat old messages: their age says nothing about delivery latency. */
function isFirstDelivery(job: DeliveryJob): boolean {
  return job.origin === undefined || job.origin === 'fanout' || job.origin === 'test';
}

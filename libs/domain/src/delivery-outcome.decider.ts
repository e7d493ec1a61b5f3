import { assertNever, type AttemptFailed, type AttemptSucceeded, type DeliveryFact, type DeliveryJob, type EndpointHealthChanged } from '@hookline/contracts';
import { decideNextAction, isSuccessStatus, type NextAction } from './attempt-decision';
import { nextHealth, type HealthTrack } from './endpoint-health';
import { parseRetryAfter, tierFor } from './retry-schedule';

/** What the job and its endpoint are, as far as deciding an attempt's outcome needs. */
export interface OutcomeState {
  readonly job: DeliveryJob;
  /** The endpoint keeps order: retries stay at the head of its lane instead of going to a tier. */
  readonly fifo: boolean;
  /** The endpoint's retry schedule (or the deployment's). */
  readonly schedule: readonly number[];
  /** This process's view of the endpoint's health. */
  readonly health: HealthTrack;
  readonly disableAfterMs: number;
  /** The retry tiers consumed (ms); the shortest is the park. */
  readonly tierDelays: readonly number[];
  /** In [0, 1): drives the retry jitter. */
  readonly jitter: number;
}

/** What one attempt did: the request's identity and what came back. */
export interface AttemptReport {
  /** This request's own identity: a repeat of the same attempt after a crash gets a new one. */
  readonly sendId: string;
  readonly startedAt: Date;
  readonly url: string;
  /** The request headers with signatures and credentials redacted. */
  readonly recordedHeaders: Readonly<Record<string, string>>;
  readonly statusCode: number | null;
  readonly responseBodyPrefix: string | null;
  readonly durationMs: number;
  /** The response's `Retry-After`, as sent. */
  readonly retryAfter: string | null;
  /** Machine-readable failure class, null on a completed exchange (any status). */
  readonly failure: string | null;
  readonly error: string | null;
  readonly traceId: string | null;
}

/** A job to write to a retry tier: a retry, or a job parked while its endpoint is disabled. */
export interface TierRecord {
  readonly reason: 'retry' | 'park';
  /** The tier (its delay in ms) the job waits in. */
  readonly tierDelayMs: number;
  /** The job as written, `dueAt` set. */
  readonly job: DeliveryJob;
}

/** What the lane does with a job once its outcome is durable. */
export type Followup =
  | { readonly type: 'finished' }
  /** FIFO: the next attempt stays at the head of the lane, so nothing overtakes it. */
  | { readonly type: 'retry_in_place'; readonly job: DeliveryJob; readonly dueAt: number }
  /** FIFO after 410: held at the head until the endpoint is enabled again. */
  | { readonly type: 'hold'; readonly job: DeliveryJob };

export interface OutcomeDecision {
  readonly succeeded: boolean;
  readonly action: NextAction;
  /** To `delivery-log`, in this order: the attempt fact, then MessageExhausted, then EndpointHealthChanged. */
  readonly facts: readonly DeliveryFact[];
  /** To the tiers, in the same write as the facts. */
  readonly records: readonly TierRecord[];
  readonly followup: Followup;
  /** The endpoint's health track after this attempt. */
  readonly health: HealthTrack;
  /** The health changed (a fact says so), for the metrics. */
  readonly healthChanged: 'healthy' | 'failing' | null;
  /** Set when the endpoint should be disabled (410, or no success for too long); after the facts are durable. */
  readonly disableReason: string | null;
}

/**
 * decide(state, report, now) → facts, records and the follow-up of one attempt.
 * Pure: the caller writes facts and records in one durable send, then applies
 * the follow-up and the disable.
 */
export function decideOutcome(state: OutcomeState, report: AttemptReport, now: number): OutcomeDecision {
  const { job, fifo } = state;
  const succeeded = isSuccessStatus(report.statusCode);
  const action = decideNextAction(
    job.attempt,
    {
      succeeded,
      statusCode: report.statusCode,
      retryAfterMs: parseRetryAfter(report.retryAfter, new Date(now)),
      blocked: report.failure === 'blocked_address',
    },
    state.schedule,
    now,
    state.jitter,
  );
  const next: DeliveryJob = { ...job, attempt: job.attempt + 1 };
  const health = nextHealth(state.health, succeeded ? 'succeeded' : action.type === 'exhausted' ? 'exhausted' : 'failed', now, state.disableAfterMs);
  const facts: DeliveryFact[] = [];
  const records: TierRecord[] = [];
  let followup: Followup = { type: 'finished' };
  let disableReason = health.decision.disableReason;

  switch (action.type) {
    case 'done':
      facts.push(attemptFact(job, report, succeeded, null));
      break;
    case 'retry':
      facts.push(attemptFact(job, report, succeeded, new Date(action.dueAt)));
      if (fifo) followup = { type: 'retry_in_place', job: next, dueAt: action.dueAt };
      else records.push({ reason: 'retry', tierDelayMs: tierFor(action.delayMs, state.tierDelays), job: { ...next, dueAt: now + action.delayMs } });
      break;
    case 'exhausted':
      facts.push(attemptFact(job, report, succeeded, null), {
        type: 'MessageExhausted',
        v: 1,
        messageId: job.messageId,
        endpointId: job.endpointId,
        attempts: job.attempt,
        at: new Date(now).toISOString(),
      });
      break;
    case 'disable_and_hold': {
      facts.push(attemptFact(job, report, succeeded, null));
      disableReason = action.reason;
      const park = Math.min(...state.tierDelays);
      if (fifo) followup = { type: 'hold', job: next };
      else records.push({ reason: 'park', tierDelayMs: park, job: { ...next, dueAt: now + park } });
      break;
    }
    default:
      return assertNever(action);
  }
  const healthChanged = health.decision.healthChanged;
  if (healthChanged !== null) facts.push(healthFact(job.endpointId, healthChanged, now));
  return { succeeded, action, facts, records, followup, health: health.track, healthChanged, disableReason };
}

function attemptFact(job: DeliveryJob, report: AttemptReport, succeeded: boolean, nextAttemptAt: Date | null): AttemptSucceeded | AttemptFailed {
  const base = {
    v: 1 as const,
    messageId: job.messageId,
    endpointId: job.endpointId,
    attempt: job.attempt,
    sendId: report.sendId,
    at: report.startedAt.toISOString(),
    durationMs: Math.round(report.durationMs),
    url: report.url,
    requestHeaders: report.recordedHeaders,
    statusCode: report.statusCode,
    responseBodyPrefix: report.responseBodyPrefix,
    traceId: report.traceId,
  };
  if (succeeded) return { ...base, type: 'AttemptSucceeded' };
  return {
    ...base,
    type: 'AttemptFailed',
    reason: report.failure ?? statusReason(report.statusCode),
    error: report.error ?? `endpoint answered ${report.statusCode}`,
    nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
  };
}

function statusReason(status: number | null): string {
  if (status === null) return 'network';
  if (status >= 300 && status < 400) return 'redirect';
  if (status === 410) return 'gone';
  if (status === 429) return 'rate_limited';
  return 'http_status';
}

function healthFact(endpointId: string, health: 'healthy' | 'failing', now: number): EndpointHealthChanged {
  const reason = health === 'failing' ? 'a message exhausted its retry schedule' : 'a delivery succeeded';
  return { type: 'EndpointHealthChanged', v: 1, endpointId, health, reason, at: new Date(now).toISOString() };
}

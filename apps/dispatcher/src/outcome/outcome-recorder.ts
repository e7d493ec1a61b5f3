import type { Span } from '@opentelemetry/api';
import { encodeJson, type DeliveryFact, type DeliveryJob, type EndpointHealthChanged, type TopicNames } from '@hookline/contracts';
import { assertNever, decideNextAction, parseRetryAfter, type EndpointHealthTracker, type HealthDecision } from '@hookline/domain';
import { recordAttempt } from '../dispatcher-metrics';
import type { AttemptReport } from '../sending/attempt-runner';
import { attemptFact, attemptSucceeded } from './attempt-fact';
import type { EndpointDisabler } from './endpoint-disabler';
import type { OutgoingRecord, RecordWriter } from './record-writer';
import type { RetryTiers } from './retry-tiers';

/** What the lane does with a job once its attempt is recorded. */
export type Followup =
  | { readonly type: 'finished' }
  /** FIFO: the next attempt stays at the head of the lane, so nothing overtakes it. */
  | { readonly type: 'retry_in_place'; readonly job: DeliveryJob; readonly dueAt: number }
  /** FIFO after 410: held at the head until the endpoint is enabled again. */
  | { readonly type: 'hold'; readonly job: DeliveryJob };

export interface RecorderDeps {
  readonly writer: RecordWriter;
  readonly topics: TopicNames;
  readonly tiers: RetryTiers;
  readonly health: EndpointHealthTracker;
  readonly disabler: EndpointDisabler;
  readonly random: () => number;
}

/**
 * Turns an attempt into facts and the next step, and makes them durable
 * (acks=all) before returning: the attempt fact, the retry job in its tier,
 * MessageExhausted and health changes go out in one send, and the source
 * offset is released only after that. A crash in between repeats the attempt
 * (same webhook-id) instead of losing the retry.
 */
export class OutcomeRecorder {
  constructor(private readonly deps: RecorderDeps) {}

  async record(job: DeliveryJob, fifo: boolean, schedule: readonly number[], report: AttemptReport, span: Span): Promise<Followup> {
    const now = Date.now();
    const succeeded = attemptSucceeded(report);
    const action = decideNextAction(
      job.attempt,
      {
        succeeded,
        statusCode: report.result.statusCode,
        retryAfterMs: parseRetryAfter(report.result.retryAfter, new Date(now)),
        blocked: report.result.failure === 'blocked_address',
      },
      schedule,
      now,
      this.deps.random(),
    );
    span.setAttribute('hookline.next_action', action.type);
    const next: DeliveryJob = { ...job, attempt: job.attempt + 1 };
    const records: OutgoingRecord[] = [];
    const facts: DeliveryFact[] = [];
    let followup: Followup = { type: 'finished' };
    let disableReason: string | null = null;
    let health: HealthDecision = succeeded ? this.deps.health.succeeded(job.endpointId) : this.deps.health.failed(job.endpointId, now);

    switch (action.type) {
      case 'done':
        facts.push(attemptFact(job, report, null));
        break;
      case 'retry':
        facts.push(attemptFact(job, report, new Date(action.dueAt)));
        if (fifo) followup = { type: 'retry_in_place', job: next, dueAt: action.dueAt };
        else records.push(this.deps.tiers.delayed(next, action.delayMs, now));
        break;
      case 'exhausted':
        facts.push(attemptFact(job, report, null), {
          type: 'MessageExhausted',
          v: 1,
          messageId: job.messageId,
          endpointId: job.endpointId,
          attempts: job.attempt,
          at: new Date(now).toISOString(),
        });
        health = merge(health, this.deps.health.exhausted(job.endpointId));
        break;
      case 'disable_and_hold':
        facts.push(attemptFact(job, report, null));
        disableReason = action.reason;
        if (fifo) followup = { type: 'hold', job: next };
        else records.push(this.deps.tiers.parked(next, now));
        break;
      default:
        return assertNever(action);
    }
    if (health.healthChanged !== null) facts.push(this.healthFact(job.endpointId, health.healthChanged, now));
    const { topics } = this.deps;
    await this.deps.writer.write([
      ...facts.map((fact) => ({ topic: topics.deliveryLog, key: job.endpointId, value: encodeJson(fact) })),
      ...records,
    ]);
    const { durationMs } = report.result;
    recordAttempt({ job, succeeded, durationMs, action, fifo, tierDelays: this.deps.tiers.delays, healthChanged: health.healthChanged, now });
    disableReason ??= health.disableReason;
    if (disableReason !== null) await this.deps.disabler.disable(job.endpointId, disableReason, new Date(now));
    return followup;
  }

  private healthFact(endpointId: string, health: 'healthy' | 'failing', now: number): EndpointHealthChanged {
    const reason = health === 'failing' ? 'a message exhausted its retry schedule' : 'a delivery succeeded';
    return { type: 'EndpointHealthChanged', v: 1, endpointId, health, reason, at: new Date(now).toISOString() };
  }
}

function merge(a: HealthDecision, b: HealthDecision): HealthDecision {
  return { healthChanged: b.healthChanged ?? a.healthChanged, disableReason: a.disableReason ?? b.disableReason };
}

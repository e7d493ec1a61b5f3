import { DomainError } from '@hookline/domain';
import { asObject, invalid, optional, optionalBody, text } from '../http/body-fields';

export interface TestEventRequest {
  readonly eventType?: string;
  readonly data: Record<string, unknown>;
  /** Partner (account) endpoints only: the project the test message is sent for. */
  readonly projectId?: string;
}

export interface RecoverWindow {
  readonly since: Date;
  readonly until: Date;
}

export interface RecoverLimits {
  readonly maxWindowMs: number;
  readonly retentionMs: number;
}

/** Data sent when the caller gives none: says plainly what it is. */
export const SAMPLE_TEST_DATA: Readonly<Record<string, unknown>> = Object.freeze({
  test: true,
  message: 'A test event sent from Hookline',
});

/** `POST /v1/endpoints/{id}/test` body; which event type is allowed is decided against the endpoint (test-event-type.ts). */
export function parseTestEvent(body: unknown): TestEventRequest {
  const input = optionalBody(body);
  return {
    eventType: optional(input.eventType, (v) => text(v, 'eventType')),
    data: optional(input.data, (v) => asObject(v, 'data')) ?? { ...SAMPLE_TEST_DATA },
    projectId: optional(input.projectId, (v) => text(v, 'projectId')),
  };
}

/**
 * `POST /v1/endpoints/{id}/recover` body `{ since, until? }`: ISO-8601 times,
 * until defaulting to now. The window must be non-empty, at most
 * `maxWindowMs` long, and may not start before the history retention (older
 * messages are gone, so a window there would silently recover nothing).
 */
export function parseRecover(body: unknown, now: Date, limits: RecoverLimits): RecoverWindow {
  const input = asObject(body ?? {}, 'body');
  if (input.since === undefined) invalid('since', 'is required (an ISO-8601 time)');
  const since = isoTime(input.since, 'since');
  const until = optional(input.until, (v) => isoTime(v, 'until')) ?? now;
  if (since >= until) {
    throw new DomainError('validation', 'invalid_time_range', 'since must be before until', { field: 'since' });
  }
  if (until.getTime() - since.getTime() > limits.maxWindowMs) {
    throw new DomainError('validation', 'recover_window_too_long', `a recover window may span at most ${days(limits.maxWindowMs)} days`, {
      field: 'since',
      maxWindowMs: limits.maxWindowMs,
    });
  }
  if (since.getTime() < now.getTime() - limits.retentionMs) {
    throw new DomainError('validation', 'since_before_retention', `history is kept for ${days(limits.retentionMs)} days; since is older`, {
      field: 'since',
      retentionMs: limits.retentionMs,
    });
  }
  return { since, until };
}

function isoTime(value: unknown, field: string): Date {
  const time = new Date(text(value, field));
  if (Number.isNaN(time.getTime())) {
    throw new DomainError('validation', 'invalid_time', `${field} must be an ISO-8601 time`, { field });
  }
  return time;
}

function days(ms: number): string {
  return String(Math.round((ms / 86_400_000) * 10) / 10);
}

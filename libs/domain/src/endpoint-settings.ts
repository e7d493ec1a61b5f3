import type { EndpointSettings } from '@hookline/contracts';
import { DomainError } from './domain-error';
import { isEventTypeWildcard } from './event-type.catalog';
import { validateCustomHeaders, validateHeaderName } from './endpoint-headers';
import { literalHostRefusal, type OutboundPolicy } from './outbound-address';

/** What the deployment allows, and which event type names exist for the endpoint's owner. */
export interface EndpointPolicy {
  readonly allowHttp: boolean;
  /** The dispatcher's outbound policy: a URL whose host is a forbidden address literal is refused up front. */
  readonly outbound: OutboundPolicy;
  /** Exact names an endpoint may subscribe to (built-in, global and the account's own). */
  readonly knownEventTypes: ReadonlySet<string>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_LEGACY_SIGNATURE_HEADER = 'x-webhook-signature';

/**
 * The delivery settings a new endpoint gets when its creator leaves them out
 * (the create route's defaults), for code that builds endpoint settings
 * itself: fixtures, benches, test events.
 */
export const ENDPOINT_DELIVERY_DEFAULTS = {
  rateLimitPerSecond: null,
  headers: {},
  timeoutMs: DEFAULT_TIMEOUT_MS,
  retrySchedule: null,
  ordering: 'unordered',
} as const satisfies Pick<EndpointSettings, 'rateLimitPerSecond' | 'headers' | 'timeoutMs' | 'retrySchedule' | 'ordering'>;
export const MAX_RATE_LIMIT_PER_SECOND = 10_000;
const MAX_EVENT_TYPES = 100;
const MAX_RETRY_STEPS = 20;
const MAX_RETRY_DELAY_MS = 7 * 86_400_000;

/** Throws a DomainError naming the first rule the settings break. */
export function validateEndpointSettings(settings: EndpointSettings, policy: EndpointPolicy): void {
  validateUrl(settings.url, policy);
  if (settings.description.trim() === '') {
    fail('description_required', 'an endpoint needs a description', { field: 'description' });
  }
  validateEventTypes(settings.eventTypes, policy.knownEventTypes);
  const rate = settings.rateLimitPerSecond;
  if (rate !== null && (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE_LIMIT_PER_SECOND)) {
    fail('rate_limit_out_of_range', `rateLimitPerSecond must be a whole number from 1 to ${MAX_RATE_LIMIT_PER_SECOND}, or absent`, {
      field: 'rateLimitPerSecond',
    });
  }
  if (!Number.isInteger(settings.timeoutMs) || settings.timeoutMs < 1000 || settings.timeoutMs > 30_000) {
    fail('timeout_out_of_range', 'timeoutMs must be between 1000 and 30000', { field: 'timeoutMs' });
  }
  validateRetrySchedule(settings.retrySchedule);
  if (settings.legacySignatureHeader !== null) validateHeaderName(settings.legacySignatureHeader, 'legacySignatureHeader');
  validateCustomHeaders(settings.headers, settings.legacySignatureHeader);
}

function validateUrl(raw: string, policy: EndpointPolicy): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('url_invalid', 'endpoint url is not a valid URL', { field: 'url', url: raw });
  }
  const httpAllowed = url.protocol === 'http:' && policy.allowHttp;
  if (url.protocol !== 'https:' && !httpAllowed) {
    fail('url_not_https', 'endpoint url must use https', { field: 'url', url: raw });
  }
  if (url.username !== '' || url.password !== '') {
    fail('url_has_credentials', 'endpoint url must not contain credentials; use a custom Authorization header', { field: 'url' });
  }
  const refusal = literalHostRefusal(url, policy.outbound);
  if (refusal !== null) fail('url_not_allowed', `endpoint url: ${refusal}`, { field: 'url', url: raw });
}

function validateEventTypes(filters: readonly string[], known: ReadonlySet<string>): void {
  if (filters.length === 0) fail('event_types_required', 'an endpoint needs at least one event type', { field: 'eventTypes' });
  if (filters.length > MAX_EVENT_TYPES) fail('too_many_event_types', `at most ${MAX_EVENT_TYPES} event types`, { field: 'eventTypes' });
  const unknown = filters.filter((filter) => !isEventTypeWildcard(filter) && !known.has(filter));
  if (unknown.length > 0) {
    fail('unknown_event_type', `unknown event type ${unknown.join(', ')}; create it first or use a wildcard such as message.*`, {
      field: 'eventTypes',
      unknown,
    });
  }
}

function validateRetrySchedule(schedule: readonly number[] | null): void {
  if (schedule === null) return;
  const valid =
    schedule.length >= 1 &&
    schedule.length <= MAX_RETRY_STEPS &&
    schedule.every((delay) => Number.isInteger(delay) && delay >= 1000 && delay <= MAX_RETRY_DELAY_MS);
  if (!valid) {
    fail('retry_schedule_invalid', `retrySchedule must list 1 to ${MAX_RETRY_STEPS} delays, each from 1 s to 7 d`, {
      field: 'retrySchedule',
    });
  }
}

function fail(code: string, message: string, details: Record<string, unknown>): never {
  throw new DomainError('validation', code, message, details);
}

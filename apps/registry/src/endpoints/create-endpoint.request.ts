import { parseDuration } from '@hookline/config';
import type { EndpointOrdering, EndpointScope, EndpointSettings } from '@hookline/contracts';
import { DEFAULT_LEGACY_SIGNATURE_HEADER, DEFAULT_TIMEOUT_MS } from '@hookline/domain';
import { anyText, asObject, int, invalid, oneOf, optional, text, textList, textMap } from '../http/body-fields';

export interface CreateEndpointRequest {
  readonly scope: EndpointScope;
  readonly projectId: string | null;
  /** Only the admin names the account of a partner endpoint; a key's account is its own. */
  readonly accountId: string | null;
  readonly settings: EndpointSettings;
}

/**
 * The HTTP edge: turns an untrusted JSON body into typed settings, or a 422
 * naming the field. Business rules (https, ranges, known types) live in the domain.
 */
export function parseCreateEndpoint(body: unknown): CreateEndpointRequest {
  const input = asObject(body, 'body');
  return {
    scope: optional(input.scope, (v) => oneOf(v, 'scope', ['project', 'account'] as const)) ?? 'project',
    projectId: optional(input.projectId, (v) => text(v, 'projectId')) ?? null,
    accountId: optional(input.accountId, (v) => text(v, 'accountId')) ?? null,
    settings: {
      url: text(input.url, 'url'),
      description: optional(input.description, (v) => anyText(v, 'description')) ?? '',
      eventTypes: textList(input.eventTypes, 'eventTypes'),
      rateLimitPerSecond: optional(input.rateLimitPerSecond, nullableInt('rateLimitPerSecond')) ?? null,
      headers: optional(input.headers, (v) => textMap(v, 'headers')) ?? {},
      timeoutMs: optional(input.timeoutMs, (v) => int(v, 'timeoutMs')) ?? DEFAULT_TIMEOUT_MS,
      retrySchedule: optional(input.retrySchedule, retrySchedule) ?? null,
      ordering: optional(input.ordering, ordering) ?? 'unordered',
      legacySignatureHeader: optional(input.legacySignatureHeader, legacyHeader) ?? DEFAULT_LEGACY_SIGNATURE_HEADER,
    },
  };
}

/** Fields a PATCH may change; scope, project and account are fixed at creation. */
export function parseSettingsChanges(input: Record<string, unknown>): Partial<EndpointSettings> {
  const changes: { -readonly [K in keyof EndpointSettings]?: EndpointSettings[K] } = {};
  if (input.url !== undefined) changes.url = text(input.url, 'url');
  if (input.description !== undefined) changes.description = anyText(input.description, 'description');
  if (input.eventTypes !== undefined) changes.eventTypes = textList(input.eventTypes, 'eventTypes');
  if (input.rateLimitPerSecond !== undefined) changes.rateLimitPerSecond = nullableInt('rateLimitPerSecond')(input.rateLimitPerSecond);
  if (input.headers !== undefined) changes.headers = textMap(input.headers, 'headers');
  if (input.timeoutMs !== undefined) changes.timeoutMs = int(input.timeoutMs, 'timeoutMs');
  if (input.retrySchedule !== undefined) changes.retrySchedule = retrySchedule(input.retrySchedule);
  if (input.ordering !== undefined) changes.ordering = ordering(input.ordering);
  if (input.legacySignatureHeader !== undefined) changes.legacySignatureHeader = legacyHeader(input.legacySignatureHeader);
  for (const fixed of ['scope', 'projectId', 'accountId'] as const) {
    if (input[fixed] !== undefined) invalid(fixed, 'cannot be changed; create a new endpoint');
  }
  return changes;
}

const nullableInt = (field: string) => (v: unknown) => (v === null ? null : int(v, field));

function ordering(v: unknown): EndpointOrdering {
  return oneOf(v, 'ordering', ['unordered', 'fifo'] as const);
}

/** null turns the hex signature header off. */
function legacyHeader(v: unknown): string | null {
  return v === null ? null : text(v, 'legacySignatureHeader');
}

/** Delays as milliseconds or durations (`10s`, `5m`); null means the deployment's schedule. */
function retrySchedule(v: unknown): number[] | null {
  if (v === null) return null;
  if (!Array.isArray(v)) invalid('retrySchedule', 'must be an array of delays (milliseconds or durations like "10s")');
  return v.map((item, i) => {
    if (typeof item === 'number') return int(item, `retrySchedule[${i}]`);
    try {
      return parseDuration(text(item, `retrySchedule[${i}]`));
    } catch {
      return invalid(`retrySchedule[${i}]`, 'must be milliseconds or a duration like 10s, 5m, 2h');
    }
  });
}

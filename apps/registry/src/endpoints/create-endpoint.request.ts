import type { EndpointOrdering, EndpointScope, EndpointSettings } from '@hookline/contracts';
import { DEFAULT_LEGACY_SIGNATURE_HEADER, DEFAULT_TIMEOUT_MS, DomainError } from '@hookline/domain';

export interface CreateEndpointRequest {
  readonly scope: EndpointScope;
  readonly projectId: string | null;
  readonly settings: EndpointSettings;
}

/**
 * The HTTP edge: turns an untrusted JSON body into typed settings, or a 422
 * naming the field. Business rules (https, ranges) live in the domain.
 */
export function parseCreateEndpoint(body: unknown): CreateEndpointRequest {
  const input = asObject(body, 'body');
  const scope = optional(input.scope, 'scope', (v) => oneOf(v, 'scope', ['project', 'account'] as const)) ?? 'project';
  return {
    scope,
    projectId: optional(input.projectId, 'projectId', (v) => text(v, 'projectId')) ?? null,
    settings: {
      url: text(input.url, 'url'),
      description: optional(input.description, 'description', (v) => text(v, 'description')) ?? '',
      eventTypes: textList(input.eventTypes, 'eventTypes'),
      rateLimitPerSecond: optional(input.rateLimitPerSecond, 'rateLimitPerSecond', (v) => int(v, 'rateLimitPerSecond')) ?? null,
      headers: optional(input.headers, 'headers', (v) => textMap(v, 'headers')) ?? {},
      timeoutMs: optional(input.timeoutMs, 'timeoutMs', (v) => int(v, 'timeoutMs')) ?? DEFAULT_TIMEOUT_MS,
      retrySchedule: null,
      ordering: optional(input.ordering, 'ordering', (v) => oneOf(v, 'ordering', ['unordered', 'fifo'] as const)) ?? ('unordered' as EndpointOrdering),
      legacySignatureHeader:
        input.legacySignatureHeader === null
          ? null
          : (optional(input.legacySignatureHeader, 'legacySignatureHeader', (v) => text(v, 'legacySignatureHeader')) ??
            DEFAULT_LEGACY_SIGNATURE_HEADER),
    },
  };
}

function invalid(field: string, message: string): never {
  throw new DomainError('validation', 'invalid_field', `${field} ${message}`, { field });
}

function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(field, 'must be a JSON object');
  return value as Record<string, unknown>;
}

function optional<T>(value: unknown, _field: string, parse: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(field, 'must be a non-empty string');
  return value.trim();
}

function int(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(field, 'must be a whole number');
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function textList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) invalid(field, 'must be an array of strings');
  return value.map((item, i) => text(item, `${field}[${i}]`));
}

function textMap(value: unknown, field: string): Record<string, string> {
  const object = asObject(value, field);
  const result: Record<string, string> = {};
  for (const [name, v] of Object.entries(object)) {
    if (typeof v !== 'string') invalid(`${field}.${name}`, 'must be a string');
    result[name] = v;
  }
  return result;
}

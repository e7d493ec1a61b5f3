import { DomainError } from '@hookline/domain';

/**
 * Readers for untrusted JSON bodies at the HTTP edge: each returns the typed
 * value or throws a 422 naming the field. Business rules (ranges, https, known
 * event types) live in the domain; these only check shape.
 */
export function invalid(field: string, message: string): never {
  throw new DomainError('validation', 'invalid_field', `${field} ${message}`, { field });
}

export function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(field, 'must be a JSON object');
  return value as Record<string, unknown>;
}

/** A body may be absent for routes whose fields are all optional. */
export function optionalBody(value: unknown): Record<string, unknown> {
  return value === undefined || value === null ? {} : asObject(value, 'body');
}

export function optional<T>(value: unknown, parse: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

export function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(field, 'must be a non-empty string');
  return value.trim();
}

/** A string that may be empty; the domain decides whether empty is allowed and says so with its own code. */
export function anyText(value: unknown, field: string): string {
  if (typeof value !== 'string') invalid(field, 'must be a string');
  return value;
}

export function int(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(field, 'must be a whole number');
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function textList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) invalid(field, 'must be an array of strings');
  return value.map((item, i) => text(item, `${field}[${i}]`));
}

export function textMap(value: unknown, field: string): Record<string, string> {
  const object = asObject(value, field);
  const result: Record<string, string> = {};
  for (const [name, v] of Object.entries(object)) {
    if (typeof v !== 'string') invalid(`${field}.${name}`, 'must be a string');
    result[name] = v;
  }
  return result;
}

/** `?limit=` of list routes: 1–250, default 50. */
export function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return 50;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
    throw new DomainError('validation', 'invalid_limit', 'limit must be a whole number from 1 to 250', { field: 'limit' });
  }
  return limit;
}

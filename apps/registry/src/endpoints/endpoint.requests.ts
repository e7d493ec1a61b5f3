import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@hookline/domain';
import { anyText, asObject, int, optional, optionalBody } from '../http/body-fields';
import { parseSettingsChanges } from './create-endpoint.request';

export const DEFAULT_GRACE_SECONDS = 86_400;

/**
 * The expected version of a PATCH or DELETE: `If-Match: "3"` (or W/"3", or 3)
 * or a `version` field. Both given and different is a client bug: 422.
 */
export function expectedVersion(ifMatch: string | undefined, bodyVersion: unknown): number | null {
  const fromBody = optional(bodyVersion, (v) => int(v, 'version')) ?? null;
  if (ifMatch === undefined || ifMatch.trim() === '*') return fromBody;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (match === null) throw new DomainError('validation', 'invalid_if_match', 'If-Match must be the endpoint version, e.g. "3"', { field: 'If-Match' });
  const fromHeader = Number(match[1]);
  if (fromBody !== null && fromBody !== fromHeader) {
    throw new DomainError('validation', 'version_mismatch', 'If-Match and version disagree', { field: 'version' });
  }
  return fromHeader;
}

export function parsePatch(body: unknown, ifMatch: string | undefined) {
  const input = asObject(body, 'body');
  const { version, ...fields } = input;
  return { changes: parseSettingsChanges(fields), expectedVersion: expectedVersion(ifMatch, version) };
}

/** `graceSeconds` must be a whole number; its range is the decider's rule (negative → 422 grace_out_of_range). */
export function parseRotate(body: unknown): number {
  return optional(optionalBody(body).graceSeconds, (v) => int(v, 'graceSeconds')) ?? DEFAULT_GRACE_SECONDS;
}

export function parseDisable(body: unknown): string {
  return optional(optionalBody(body).reason, (v) => anyText(v, 'reason'))?.trim() || 'disabled by api';
}

/**
 * The `If-Match` header. Not `@Headers('if-match')`: the OpenAPI generator
 * declares every such parameter required, and this one is optional (the
 * version may come in the body, or not at all); `@ApiHeader` documents it.
 */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<Request>().headers['if-match'];
  return Array.isArray(value) ? value.join(', ') : value;
});

import { isUtf8 } from 'node:buffer';
import type { RejectionReason } from '@hookline/contracts';
import { nestsDeeperThan } from './json-depth';
import { unsafeTextInValue } from './text-safety';

/** Nesting allowed in an input event, the event object itself being level 1 (the lead's decision, issue 10). */
export const MAX_EVENT_DEPTH = 64;

export interface InputLimits {
  readonly maxBytes: number;
}

export type InputJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: RejectionReason; readonly message: string };

const reject = (reason: RejectionReason, message: string): InputJson => ({ ok: false, reason, message });

/**
 * Turns untrusted bytes into a JSON value, or says why not. Cheapest and most
 * dangerous checks first, each before anything that could be hurt by what it
 * rules out: size on the raw bytes (before decoding), UTF-8 well-formedness,
 * NUL bytes, nesting depth (a scan, before parsing), then the parse, then NUL
 * and lone surrogates written as `\u` escapes. What passes is text that every
 * later step (re-encoding, schema checks, Postgres text and jsonb) accepts.
 */
export function readInputJson(bytes: Buffer | null, limits: InputLimits): InputJson {
  if (bytes === null || bytes.length === 0) return reject('not_json', 'the record has no value');
  if (bytes.length > limits.maxBytes) {
    return reject('payload_too_large', `the event is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
  if (!isUtf8(bytes)) return reject('invalid_utf8', 'the event is not well-formed UTF-8');
  if (bytes.includes(0)) return reject('nul_character', 'the event contains a NUL character (U+0000)');
  if (nestsDeeperThan(bytes, MAX_EVENT_DEPTH)) {
    return reject('too_deep', `the event nests deeper than ${MAX_EVENT_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return reject('not_json', 'the value is not valid JSON');
  }
  switch (unsafeTextInValue(value)) {
    case null:
      return { ok: true, value };
    case 'nul_character':
      return reject('nul_character', 'the event contains a NUL character (U+0000)');
    case 'lone_surrogate':
      return reject('lone_surrogate', 'the event contains an unpaired UTF-16 surrogate (such as \\ud800)');
  }
}

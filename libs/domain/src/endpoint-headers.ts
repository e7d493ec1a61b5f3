import type { HeaderValue } from '@hookline/contracts';
import { DomainError } from './domain-error';

/**
 * Headers the engine sets on every delivery. A custom header may not replace
 * them: a receiver must be able to trust the signature, id, timestamp and
 * content type, and hop-by-hop headers would break the connection itself.
 */
const RESERVED = new Set([
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-type',
  'content-length',
  'content-encoding',
  'host',
  'user-agent',
  'x-project-id',
  'traceparent',
  'tracestate',
  // hop-by-hop (RFC 9110 §7.6.1)
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_HEADERS = 20;
const MAX_VALUE_LENGTH = 4096;

export function validateHeaderName(name: string, field: string): void {
  if (!TOKEN.test(name) || name.length > 256) {
    throw new DomainError('validation', 'header_name_invalid', `${field}: "${name}" is not a valid header name`, { field, header: name });
  }
  if (RESERVED.has(name.toLowerCase())) {
    throw new DomainError('validation', 'header_reserved', `${field}: ${name} is set by Hookline and cannot be overridden`, {
      field,
      header: name,
    });
  }
}

/** Names always; values only when clear (sealed and withheld ones were checked when they were set). */
export function validateCustomHeaders(headers: Readonly<Record<string, HeaderValue>>, legacySignatureHeader: string | null): void {
  const names = Object.keys(headers);
  if (names.length > MAX_HEADERS) {
    throw new DomainError('validation', 'too_many_headers', `at most ${MAX_HEADERS} custom headers`, { field: 'headers' });
  }
  const seen = new Set<string>();
  for (const name of names) {
    validateHeaderName(name, 'headers');
    const lower = name.toLowerCase();
    if (lower === legacySignatureHeader?.toLowerCase()) {
      throw new DomainError('validation', 'header_reserved', `headers: ${name} carries the endpoint's signature`, { field: 'headers', header: name });
    }
    if (seen.has(lower)) {
      throw new DomainError('validation', 'header_duplicate', `headers: ${name} is given twice`, { field: 'headers', header: name });
    }
    seen.add(lower);
    const value = headers[name] ?? '';
    if (typeof value === 'string' && (/[\r\n\0]/.test(value) || value.length > MAX_VALUE_LENGTH)) {
      throw new DomainError('validation', 'header_value_invalid', `headers: the value of ${name} has line breaks or is too long`, {
        field: 'headers',
        header: name,
      });
    }
  }
}

import { createHash } from 'node:crypto';
import type { DeadLetter, DeadLetterCut, DeadLetterReason } from '@hookline/contracts';

/**
 * How much of a rejected record a dead letter keeps. The worst case, every
 * kept character escaped by JSON as `\u00XX` (6 bytes), is about 90 KB of
 * value (base64 needs no escaping) + 6 KB key + 32 × 7.7 KB headers + 6 KB
 * message ≈ 350 KB: well under the broker's 1 MiB record limit whatever the
 * original held (a dead letter that did not fit stopped ingest: issue 10).
 */
export const DEAD_LETTER_BOUNDS = {
  valueBytes: 64 * 1024,
  keyChars: 1_024,
  headerCount: 32,
  headerNameChars: 256,
  headerValueChars: 1_024,
  messageChars: 1_024,
} as const;

/** Kafka record headers as clients hand them over (kafkajs `IHeaders`). */
export type RecordHeaders = Readonly<Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined>>;

export interface RejectedRecord {
  readonly reason: DeadLetterReason;
  readonly message: string;
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: string } | null;
  readonly key: Buffer | string | null;
  readonly value: Buffer | null;
  readonly headers: RecordHeaders | undefined;
}

/** The dead letter for a rejected record: its bytes, key and headers kept up to the bounds, with the whole value's size and sha256. */
export function buildDeadLetter(rejected: RejectedRecord, now: Date): DeadLetter {
  const cuts = new Set<DeadLetterCut>();
  const { value } = rejected;
  if (value !== null && value.length > DEAD_LETTER_BOUNDS.valueBytes) cuts.add('value');
  const key = rejected.key === null ? null : cut(text(rejected.key), DEAD_LETTER_BOUNDS.keyChars, () => cuts.add('key'));
  const headers = boundedHeaders(rejected.headers, () => cuts.add('headers'));
  const message = cut(rejected.message, DEAD_LETTER_BOUNDS.messageChars, () => cuts.add('message'));
  return {
    type: 'InputRejected',
    v: 2,
    reason: rejected.reason,
    message,
    source: rejected.source,
    key,
    headers,
    value: value === null ? null : value.subarray(0, DEAD_LETTER_BOUNDS.valueBytes).toString('base64'),
    valueBytes: value === null ? null : value.length,
    valueSha256: value === null ? null : createHash('sha256').update(value).digest('hex'),
    truncated: (['value', 'key', 'headers', 'message'] as const).filter((part) => cuts.has(part)),
    at: now.toISOString(),
  };
}

function boundedHeaders(headers: RecordHeaders | undefined, onCut: () => void): Record<string, string> {
  const kept: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined) continue;
    if (kept.length === DEAD_LETTER_BOUNDS.headerCount) {
      onCut();
      break;
    }
    if (Array.isArray(raw) && raw.length > 1) onCut(); // a repeated header keeps its first value
    kept.push([cut(name, DEAD_LETTER_BOUNDS.headerNameChars, onCut), cut(text(first as Buffer | string), DEAD_LETTER_BOUNDS.headerValueChars, onCut)]);
  }
  // fromEntries defines own properties: a header named `__proto__` stays a header.
  return Object.fromEntries(kept);
}

function text(data: Buffer | string): string {
  return typeof data === 'string' ? data : data.toString('utf8');
}

function cut(value: string, maxChars: number, onCut: () => void): string {
  if (value.length <= maxChars) return value;
  onCut();
  return value.slice(0, maxChars);
}

import type { RecordHeaders } from './records';

/** A Kafka header as a string; the consumer hands them over as Buffers (or arrays of them). */
export function headerText(headers: RecordHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  if (value === undefined || value === null) return null;
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return null;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

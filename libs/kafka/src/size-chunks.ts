/**
 * Splits records into groups whose summed key+value bytes stay under `maxBytes`.
 * kafkajs puts everything one send() has for a partition into one record batch,
 * and the broker refuses a batch over `message.max.bytes` (1 MiB by default)
 * as non-retriable: a consumer whose output crossed it would crash on the same
 * input forever. Several bounded sends inside one transaction keep atomicity.
 */
export interface SizedRecord {
  readonly key: string | Buffer | null;
  readonly value: Buffer | string | null;
}

export const DEFAULT_SEND_CHUNK_BYTES = 512 * 1024;

export function chunkBySize<T extends SizedRecord>(records: readonly T[], maxBytes: number = DEFAULT_SEND_CHUNK_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const record of records) {
    const bytes = byteLength(record.key) + byteLength(record.value) + 64; // + per-record overhead
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function byteLength(data: string | Buffer | null): number {
  if (data === null) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

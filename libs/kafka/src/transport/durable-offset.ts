import type { ConsumedRecord } from '../records';

/**
 * Checks what a batch handler resolved with: null (nothing durable yet) or the
 * offset of one of the batch's records, or its last offset (transaction
 * markers included). Anything else is a bug in the handler that would commit
 * past records never handled, so it fails the batch instead (nothing is committed).
 */
export function durableOffsetOf(result: unknown, records: readonly ConsumedRecord[], lastOffset: string): string | null {
  if (result === null || result === undefined) return null;
  if (typeof result !== 'string' || !/^\d+$/.test(result)) {
    throw new Error(`a batch handler must resolve with an offset string or null, not ${JSON.stringify(result)}`);
  }
  const first = records[0]?.offset;
  const offset = BigInt(result);
  if (first === undefined || offset < BigInt(first) || offset > BigInt(lastOffset)) {
    throw new Error(`a batch handler resolved with offset ${result}, outside its batch (${first ?? 'empty'}..${lastOffset})`);
  }
  return result;
}

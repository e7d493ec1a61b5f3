/**
 * Hostile input events, byte for byte, as issue 10 found them: each one once
 * stopped ingest (or, after a 202, the projector). Shared by the ingest
 * poison e2e tests of both doors and the Kafka-door fuzz.
 */

/** `{"type":…,"projectId":…,"data":{"x":[[[…]]]}}` whose document nests `depth` levels in total. */
export function nestedEvent(depth: number, fields: { type: string; projectId?: string; id?: string }): string {
  // The event object is level 1 and data is level 2, so the arrays add depth - 2 levels.
  const arrays = depth - 2;
  const head = JSON.stringify({ ...fields, data: { x: 0 } }).replace(/0}}$/, '');
  return `${head}${'['.repeat(arrays)}${']'.repeat(arrays)}}}`;
}

/** A JSON event whose `data.pad` makes the whole record `bytes` long (give or take a few bytes). */
export function paddedEvent(bytes: number, fields: { type: string; projectId?: string; id?: string }): string {
  const empty = JSON.stringify({ ...fields, data: { pad: '' } });
  return JSON.stringify({ ...fields, data: { pad: 'p'.repeat(Math.max(0, bytes - empty.length)) } });
}

/** A well-formed JSON text with a byte that is not UTF-8 (0xFF) inside a string value. */
export function invalidUtf8Event(fields: { type: string; projectId?: string; id?: string }): Buffer {
  const [before, after] = JSON.stringify({ ...fields, data: { name: 'ab' } }).split('ab') as [string, string];
  return Buffer.concat([Buffer.from(`${before}a`), Buffer.from([0xff]), Buffer.from(`b${after}`)]);
}

/** UTF-8 encoded surrogate (CESU-8 style, ED A0 80): also not UTF-8. */
export function encodedSurrogateEvent(fields: { type: string; projectId?: string; id?: string }): Buffer {
  const [before, after] = JSON.stringify({ ...fields, data: { name: 'ab' } }).split('ab') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(after)]);
}

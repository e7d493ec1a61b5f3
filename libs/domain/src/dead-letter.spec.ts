import { createHash } from 'node:crypto';
import { buildDeadLetter, DEAD_LETTER_BOUNDS, type RejectedRecord } from './dead-letter';

const now = new Date('2026-12-02T10:00:00.000Z');
const source = { topic: 'hookline.events', partition: 1, offset: '42' };
const record = (overrides: Partial<RejectedRecord>): RejectedRecord => ({
  reason: 'not_json',
  message: 'the value is not valid JSON',
  source,
  key: Buffer.from('proj_1'),
  value: Buffer.from('{nope'),
  headers: { traceparent: Buffer.from('00-abc-def-01') },
  ...overrides,
});

describe('buildDeadLetter', () => {
  it('keeps a small record whole, with its size, sha256 and position', () => {
    expect(buildDeadLetter(record({}), now)).toEqual({
      type: 'InputRejected',
      v: 2,
      reason: 'not_json',
      message: 'the value is not valid JSON',
      source,
      key: 'proj_1',
      headers: { traceparent: '00-abc-def-01' },
      value: Buffer.from('{nope').toString('base64'),
      valueBytes: 5,
      valueSha256: createHash('sha256').update('{nope').digest('hex'),
      truncated: [],
      at: now.toISOString(),
    });
  });

  it('keeps the first 64 KiB of a large value and says it was cut, with the whole size and sha256', () => {
    const value = Buffer.alloc(900_000, 'x');
    const letter = buildDeadLetter(record({ reason: 'payload_too_large', value }), now);
    expect(Buffer.from(letter.value ?? '', 'base64')).toEqual(value.subarray(0, 64 * 1024));
    expect(letter).toMatchObject({ valueBytes: 900_000, valueSha256: createHash('sha256').update(value).digest('hex'), truncated: ['value'] });
  });

  it('describes a record without value or key', () => {
    expect(buildDeadLetter(record({ value: null, key: null, headers: undefined }), now)).toMatchObject({
      key: null,
      headers: {},
      value: null,
      valueBytes: null,
      valueSha256: null,
      truncated: [],
    });
  });

  it('stays far under the broker limit for the worst record a broker could hold', () => {
    // Control characters: each kept character costs 6 bytes once JSON-escaped.
    const nasty = (length: number) => '\u0001'.repeat(length);
    const headers = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${i}${nasty(300)}`, [Buffer.from(nasty(5_000)), 'second']]));
    const letter = buildDeadLetter(record({ key: Buffer.from(nasty(200_000)), value: Buffer.alloc(700_000, 1), headers, message: nasty(100_000) }), now);
    expect(letter.truncated).toEqual(['value', 'key', 'headers', 'message']);
    expect(Object.keys(letter.headers)).toHaveLength(DEAD_LETTER_BOUNDS.headerCount);
    expect(Buffer.byteLength(JSON.stringify(letter))).toBeLessThan(400_000);
  });

  it('keeps a header named __proto__ as a header, not a prototype', () => {
    const headers = JSON.parse('{"__proto__":"x","a":"b"}') as Record<string, string>;
    const letter = buildDeadLetter(record({ headers }), now);
    expect(JSON.parse(JSON.stringify(letter)).headers).toEqual(JSON.parse('{"__proto__":"x","a":"b"}'));
  });

  it('keeps invalid UTF-8 in key and headers as replacement characters; the value stays byte for byte', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62]);
    const letter = buildDeadLetter(record({ key: bytes, headers: { h: bytes }, value: bytes }), now);
    expect(letter).toMatchObject({ key: 'a\ufffdb', headers: { h: 'a\ufffdb' }, value: bytes.toString('base64') });
  });
});

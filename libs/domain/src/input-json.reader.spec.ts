import { MAX_EVENT_DEPTH, readInputJson } from './input-json.reader';

const read = (value: string | Buffer, maxBytes = 1024) => readInputJson(typeof value === 'string' ? Buffer.from(value) : value, { maxBytes });
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('readInputJson', () => {
  it('parses well-formed UTF-8 JSON, pairs of surrogates included', () => {
    expect(read('{"a":"é😀","b":"\\ud83d\\ude00"}')).toEqual({ ok: true, value: { a: 'é😀', b: '😀' } });
  });

  it.each<[string, string | Buffer, number]>([
    ['payload_too_large', 'x'.repeat(1025), 1024],
    ['payload_too_large', Buffer.from([0xff, ...Buffer.from('x'.repeat(1025))]), 1024],
    ['invalid_utf8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 1024],
    ['invalid_utf8', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), 1024], // a surrogate encoded in UTF-8
    ['invalid_utf8', Buffer.from([0x22, 0xc3]), 1024], // a truncated sequence
    ['nul_character', Buffer.from('{"a":"\0"}'), 1024], // raw, which JSON itself forbids
    ['nul_character', '{"a":"\\u0000"}', 1024],
    ['nul_character', '{"k\\u0000":1}', 1024],
    ['lone_surrogate', '{"a":"\\ud800"}', 1024],
    ['lone_surrogate', '{"\\udc00":1}', 1024],
    ['lone_surrogate', '["\\ude00\\ud83d"]', 1024],
    ['too_deep', nested(MAX_EVENT_DEPTH + 1), 1024],
    ['too_deep', nested(5_000), 20_000], // finding 1: parses, then overflowed the stack when re-encoded
    ['not_json', '{"a":', 1024],
    ['not_json', '\\u0000', 1024], // an escape outside a string is not JSON, and not a NUL
  ])('rejects as %s: %j', (reason, value, maxBytes) => {
    expect(read(value, maxBytes)).toMatchObject({ ok: false, reason });
  });

  it('accepts exactly the maximum depth and an escaped backslash before u0000', () => {
    expect(read(nested(MAX_EVENT_DEPTH))).toMatchObject({ ok: true });
    expect(read('{"a":"\\\\u0000"}')).toEqual({ ok: true, value: { a: '\\u0000' } });
  });

  it('rejects an empty record as not JSON', () => {
    expect(readInputJson(null, { maxBytes: 10 })).toMatchObject({ ok: false, reason: 'not_json' });
    expect(readInputJson(Buffer.alloc(0), { maxBytes: 10 })).toMatchObject({ ok: false, reason: 'not_json' });
  });
});

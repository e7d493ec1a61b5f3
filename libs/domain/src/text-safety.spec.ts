import { unsafeTextIn, unsafeTextInValue } from './text-safety';

describe('unsafeTextIn', () => {
  it.each([
    ['plain', null],
    ['a\u0000b', 'nul_character'],
    ['x\ud800', 'lone_surrogate'],
    ['\udc00x', 'lone_surrogate'],
    ['\ud83d\ude00', null],
    ['\ude00\ud83d', 'lone_surrogate'],
    ['😀é\u2028', null],
  ])('%j → %s', (text, expected) => {
    expect(unsafeTextIn(text)).toBe(expected);
  });
});

describe('unsafeTextInValue', () => {
  it('finds NUL and lone surrogates in keys and values at any depth', () => {
    expect(unsafeTextInValue({ a: [1, { b: 'ok' }], c: null })).toBeNull();
    expect(unsafeTextInValue({ a: [1, { b: 'o\u0000k' }] })).toBe('nul_character');
    expect(unsafeTextInValue({ a: [1, { 'k\u0000': true }] })).toBe('nul_character');
    expect(unsafeTextInValue(JSON.parse('{"d":{"\\ud800":1}}'))).toBe('lone_surrogate');
    expect(unsafeTextInValue(['\udfff'])).toBe('lone_surrogate');
    expect(unsafeTextInValue('\u0000')).toBe('nul_character');
  });

  it('walks deep values without recursion', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unsafeTextInValue(deep)).toBe('nul_character');
  });
});

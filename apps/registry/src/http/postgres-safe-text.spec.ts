import { unsafeTextIn } from './postgres-safe-text';

describe('text Postgres can store', () => {
  it.each([
    [{ name: 'a\u0000b' }, 'nul_character'],
    [{ ['k\u0000']: 1 }, 'nul_character'],
    [['ok', { deep: ['\ud800'] }], 'lone_surrogate'],
    [{ x: 'a\udc00' }, 'lone_surrogate'],
    [{ x: '\udbff' }, 'lone_surrogate'],
  ])('refuses %j: %s', (value, problem) => {
    expect(unsafeTextIn(value)).toBe(problem);
  });

  it('accepts paired surrogates (emoji) and ordinary text', () => {
    expect(unsafeTextIn({ name: 'Acme 😀 \ud83d\ude00', list: [1, null, true, 'ü'] })).toBeNull();
  });

  it('walks nesting far deeper than the call stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unsafeTextIn(deep)).toBe('nul_character');
  });
});

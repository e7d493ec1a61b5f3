import { nestsDeeperThan } from './json-depth';

const depth = (text: string, max: number) => nestsDeeperThan(Buffer.from(text), max);
const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('nestsDeeperThan', () => {
  it('counts objects and arrays alike, the outermost value being level 1', () => {
    expect(depth('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(depth('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(depth('1', 0)).toBe(false);
    expect(depth('{}', 0)).toBe(true);
  });

  it('counts depth, not the number of containers', () => {
    expect(depth(`[${Array.from({ length: 1_000 }, () => '{}').join(',')}]`, 2)).toBe(false);
  });

  it('ignores brackets and quotes inside strings, escaped or not', () => {
    expect(depth('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(depth('{"a":"\\"[[[[","b":"\\\\"}', 1)).toBe(false);
    expect(depth('{"a":"\\\\"}', 1)).toBe(false);
    expect(depth('{"[":"]","b":{}}', 1)).toBe(true);
  });

  it('scans 100,000 levels without recursion', () => {
    expect(depth(arrays(100_000), 64)).toBe(true);
    expect(depth(arrays(64), 64)).toBe(false);
    expect(depth(arrays(65), 64)).toBe(true);
  });

  it('is not fooled by multi-byte characters', () => {
    expect(depth('{"é[💥":"]"}', 1)).toBe(false);
  });
});

import { chunkBySize } from './size-chunks';

describe('chunkBySize', () => {
  const record = (bytes: number) => ({ key: 'k', value: Buffer.alloc(bytes) });

  it('keeps every record, in order, in chunks under the limit', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ ...record(100 + i), id: i }));
    const chunks = chunkBySize(records, 1_000);
    expect(chunks.flat().map((r) => r.id)).toEqual(records.map((r) => r.id));
    for (const chunk of chunks) expect(chunk.reduce((sum, r) => sum + r.value.length + 65, 0)).toBeLessThanOrEqual(1_000);
    expect(chunks.length).toBeGreaterThan(5);
  });

  it('puts a record larger than the limit alone in its chunk rather than dropping it', () => {
    const chunks = chunkBySize([record(10), record(5_000), record(10)], 1_000);
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('returns no chunks for no records', () => {
    expect(chunkBySize([], 1_000)).toEqual([]);
  });
});

import { groupCommit } from './group-commit';

describe('groupCommit', () => {
  it('sends what arrives in one turn together, and what arrives during a write in the next one', async () => {
    const writes: number[][] = [];
    let finishFirst: () => void = () => undefined;
    const commit = groupCommit<number>((items) => {
      writes.push(items);
      return writes.length === 1 ? new Promise<void>((resolve) => (finishFirst = resolve)) : Promise.resolve();
    });
    const first = [commit([1]), commit([2, 3])];
    await new Promise((resolve) => setImmediate(resolve));
    const later = [commit([4]), commit([5])];
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([[1, 2, 3]]);
    finishFirst();
    await Promise.all([...first, ...later]);
    expect(writes).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('fails every caller of a failed write, and writes again for the next ones', async () => {
    let fail = true;
    const commit = groupCommit<string>(() => (fail ? Promise.reject(new Error('broker gone')) : Promise.resolve()));
    const failed = [commit(['a']), commit(['b'])];
    await expect(Promise.all(failed)).rejects.toThrow('broker gone');
    await expect(failed[1]).rejects.toThrow('broker gone');
    fail = false;
    await expect(commit(['c'])).resolves.toBeUndefined();
  });
});

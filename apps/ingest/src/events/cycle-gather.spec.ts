import { CycleGather } from './cycle-gather';

/** A flush that records its groups and settles when told. */
function recordingFlush() {
  const groups: string[][] = [];
  const settle: Array<(error?: Error) => void> = [];
  const flush = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      groups.push(items);
      settle.push((error) => (error === undefined ? resolve() : reject(error)));
    });
  return { groups, settle, flush };
}

const settled = async <T>(promise: Promise<T>) =>
  promise.then(
    () => 'resolved' as const,
    (error: Error) => `rejected: ${error.message}`,
  );

describe('CycleGather', () => {
  it('flushes the batches of one cycle together, once the last of them submitted', async () => {
    const { groups, settle, flush } = recordingFlush();
    const gather = new CycleGather(flush);
    const [a, b, c] = [gather.enter(), gather.enter(), gather.enter()];
    const done = [a.submit('p0'), c.submit('p2')];
    await Promise.resolve();
    expect(groups).toEqual([]);
    done.push(b.submit('p1'));
    expect(groups).toEqual([['p0', 'p2', 'p1']]);
    settle[0]?.();
    expect(await Promise.all(done.map(settled))).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('does not wait for a batch that left without submitting, and fails only the batches of a failed flush', async () => {
    const { groups, settle, flush } = recordingFlush();
    const gather = new CycleGather(flush);
    const [a, b] = [gather.enter(), gather.enter()];
    const first = a.submit('p0');
    b.leave();
    expect(groups).toEqual([['p0']]);
    const c = gather.enter();
    const second = c.submit('p1');
    expect(groups).toEqual([['p0'], ['p1']]);
    settle[0]?.(new Error('fenced'));
    settle[1]?.();
    expect(await settled(first)).toBe('rejected: fenced');
    expect(await settled(second)).toBe('resolved');
    expect(gather.waitingFor).toBe(0);
  });

  it('treats leave after submit as a no-op and refuses a second submit', async () => {
    const { groups, settle, flush } = recordingFlush();
    const gather = new CycleGather(flush);
    const a = gather.enter();
    const b = gather.enter();
    const first = a.submit('p0');
    a.leave(); // would wrongly let p0 go alone if it counted again
    expect(groups).toEqual([]);
    expect(await settled(a.submit('again'))).toBe('rejected: this batch already left the gather');
    const second = b.submit('p1');
    expect(groups).toEqual([['p0', 'p1']]);
    settle[0]?.();
    await Promise.all([first, second]);
  });

  it('lets a large output go at once instead of waiting for the rest of the cycle', async () => {
    const { groups, settle, flush } = recordingFlush();
    const gather = new CycleGather(flush, { sizeOf: (item: string) => item.length, flushEarlyAt: 10 });
    const [a, b, c] = [gather.enter(), gather.enter(), gather.enter()];
    const done = [a.submit('small'), b.submit('a-large-output')];
    // The small one rode along with the large one; the third is still preparing and goes later on its own.
    expect(groups).toEqual([['small', 'a-large-output']]);
    done.push(c.submit('tiny'));
    expect(groups).toEqual([['small', 'a-large-output'], ['tiny']]);
    settle.forEach((s) => s());
    await Promise.all(done);
  });

  it('rejects the group when the flush throws instead of returning a promise', async () => {
    const gather = new CycleGather<string>(() => {
      throw new Error('not connected');
    });
    expect(await settled(gather.enter().submit('p0'))).toBe('rejected: not connected');
  });
});

import { withDeadline } from './deadline';

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leaves no timer behind once the work settles, answered or failed', async () => {
    await expect(withDeadline(10_000, async () => 'answered')).resolves.toBe('answered');
    await expect(withDeadline(10_000, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('aborts the signal with a TimeoutError when the work outlasts the deadline', async () => {
    let seen: AbortSignal | undefined;
    const pending = withDeadline(
      100,
      (signal) =>
        new Promise((_, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(signal.reason as Error));
        }),
    );
    jest.advanceTimersByTime(99);
    expect(seen?.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(jest.getTimerCount()).toBe(0);
  });
});

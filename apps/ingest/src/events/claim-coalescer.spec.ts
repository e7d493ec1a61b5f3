import type { DedupeClaim } from '@hookline/persistence/dedupe';
import { ClaimCoalescer, MAX_ROUND_CLAIMS } from './claim-coalescer';

/** A send that records each statement's ids and clock, and settles when told. */
function recordingSend() {
  const statements: Array<{ ids: string[]; now: number }> = [];
  const settle: Array<(answer: Set<string> | Error) => void> = [];
  const send = (claims: readonly DedupeClaim[], now: Date) =>
    new Promise<Set<string>>((resolve, reject) => {
      statements.push({ ids: claims.map((claim) => claim.messageId), now: now.getTime() });
      settle.push((answer) => (answer instanceof Error ? reject(answer) : resolve(answer)));
    });
  return { statements, settle, send };
}

const claimsOf = (partition: number, ...ids: string[]): DedupeClaim[] =>
  ids.map((messageId, index) => ({ messageId, topic: 'events', partition, offset: String(index) }));

const at = (ms: number) => new Date(ms);

const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('ClaimCoalescer', () => {
  it('sends a claim at once when nothing is in flight, and answers without a statement when there is nothing to claim', async () => {
    const { statements, settle, send } = recordingSend();
    const coalescer = new ClaimCoalescer(send);
    expect(await coalescer.claim([], at(1))).toEqual(new Set());
    const answer = coalescer.claim(claimsOf(0, 'a', 'b'), at(2));
    expect(statements).toEqual([{ ids: ['a', 'b'], now: 2 }]);
    settle[0]?.(new Set(['b']));
    expect(await answer).toEqual(new Set(['b']));
  });

  it('sends the claims that arrived during a statement together in the next one, each caller learning only its own duplicates', async () => {
    const { statements, settle, send } = recordingSend();
    const coalescer = new ClaimCoalescer(send);
    const first = coalescer.claim(claimsOf(0, 'a'), at(10));
    const second = coalescer.claim(claimsOf(1, 'b', 'c'), at(11));
    const third = coalescer.claim(claimsOf(2, 'd'), at(13));
    expect(statements).toHaveLength(1);
    settle[0]?.(new Set());
    await flushed();
    expect(statements[1]).toEqual({ ids: ['b', 'c', 'd'], now: 13 });
    settle[1]?.(new Set(['c', 'd']));
    expect(await Promise.all([first, second, third])).toEqual([new Set(), new Set(['c']), new Set(['d'])]);
  });

  it('keeps a caller whose id is already in the forming statement for a later one', async () => {
    const { statements, settle, send } = recordingSend();
    const coalescer = new ClaimCoalescer(send);
    void coalescer.claim(claimsOf(0, 'x'), at(1));
    const partitionOne = coalescer.claim(claimsOf(1, 'a', 'b'), at(2));
    const partitionTwo = coalescer.claim(claimsOf(2, 'b'), at(2));
    const partitionThree = coalescer.claim(claimsOf(3, 'c'), at(2));
    settle[0]?.(new Set());
    await flushed();
    expect(statements[1]?.ids).toEqual(['a', 'b', 'c']);
    settle[1]?.(new Set());
    await flushed();
    expect(statements[2]?.ids).toEqual(['b']);
    settle[2]?.(new Set(['b']));
    expect(await Promise.all([partitionOne, partitionTwo, partitionThree])).toEqual([new Set(), new Set(['b']), new Set()]);
  });

  it('fails only the callers of a failed statement, and goes on with the next', async () => {
    const { statements, settle, send } = recordingSend();
    const coalescer = new ClaimCoalescer(send);
    const failing = coalescer.claim(claimsOf(0, 'a'), at(1));
    const later = coalescer.claim(claimsOf(1, 'b'), at(2));
    settle[0]?.(new Error('connection reset'));
    await expect(failing).rejects.toThrow('connection reset');
    await flushed();
    expect(statements[1]?.ids).toEqual(['b']);
    settle[1]?.(new Set());
    expect(await later).toEqual(new Set());
  });

  it('answers a send that throws instead of returning a promise as a failure of its callers', async () => {
    const coalescer = new ClaimCoalescer(() => {
      throw new Error('pool closed');
    });
    await expect(coalescer.claim(claimsOf(0, 'a'), at(1))).rejects.toThrow('pool closed');
  });

  it('bounds a statement to MAX_ROUND_CLAIMS claims, except for a single caller that brings more', async () => {
    const { statements, settle, send } = recordingSend();
    const coalescer = new ClaimCoalescer(send);
    const many = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);
    void coalescer.claim(claimsOf(0, 'first'), at(1));
    void coalescer.claim(claimsOf(1, ...many('big', MAX_ROUND_CLAIMS + 1)), at(1));
    void coalescer.claim(claimsOf(2, ...many('half', MAX_ROUND_CLAIMS / 2)), at(1));
    void coalescer.claim(claimsOf(3, ...many('other', MAX_ROUND_CLAIMS / 2)), at(1));
    for (let round = 0; round < 3; round++) {
      settle[round]?.(new Set());
      await flushed();
    }
    expect(statements.map((statement) => statement.ids.length)).toEqual([1, MAX_ROUND_CLAIMS + 1, MAX_ROUND_CLAIMS]);
  });
});

import type { DedupeClaim } from '@hookline/persistence/dedupe';
import { UnconfirmedClaims } from './door-confirms';

const claim = (messageId: string, token: number): DedupeClaim => ({ messageId, topic: 'http', partition: 0, offset: String(token) });

describe('UnconfirmedClaims', () => {
  it('hands every confirmation to the next claim statement, ahead of it those whose id it claims again', () => {
    const unconfirmed = new UnconfirmedClaims();
    unconfirmed.add([claim('a', 1), claim('b', 2)]);
    unconfirmed.add([claim('c', 3)]);
    expect(unconfirmed.size).toBe(3);
    expect(unconfirmed.takeFor(new Set(['b', 'z']))).toEqual({ riding: [claim('a', 1), claim('c', 3)], ahead: [claim('b', 2)] });
    expect(unconfirmed.size).toBe(0);
    expect(unconfirmed.takeFor(new Set(['a']))).toEqual({ riding: [], ahead: [] });
  });

  it('gives all of them up at once when no statement will carry them', () => {
    const unconfirmed = new UnconfirmedClaims();
    unconfirmed.add([claim('a', 1)]);
    expect(unconfirmed.takeAll()).toEqual([claim('a', 1)]);
    expect(unconfirmed.takeAll()).toEqual([]);
  });
});

import { endpointsOf } from './endpoint-group';
import { balanceLedger, pairKey, type LedgerInput } from './ledger';

const none = new Set<string>();
const pairs = (list: Array<[number, number]>) => new Set(list.map(([endpoint, seq]) => pairKey(endpoint, seq)));
/** Every pair of the three published events and the two endpoints, as [endpoint, seq]. */
const EVERY_PAIR: Array<[number, number]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
  [0, 2],
  [1, 2],
];

describe('ledger', () => {
  const base: LedgerInput = {
    publishedSeqs: [0, 1, 2],
    endpointsOf: (seq) => endpointsOf({ routing: 'broadcast', endpoints: 2 }, seq),
    delivered: none,
    failed: none,
    inFlight: none,
    duplicates: 0,
  };

  it('balances when every pair is delivered', () => {
    const delivered = pairs(EVERY_PAIR);
    const ledger = balanceLedger({ ...base, delivered, duplicates: 4 });
    expect(ledger).toMatchObject({ published: 3, expectedPairs: 6, delivered: 6, failed: 0, inFlight: 0, unaccounted: 0, duplicates: 4, balanced: true });
  });

  it('balances with failed and in-flight pairs, each counted once', () => {
    const delivered = pairs([
      [0, 0],
      [1, 0],
      [0, 1],
    ]);
    const failed = pairs([
      [0, 2],
      [1, 2],
    ]);
    // [0, 1] is delivered and its job is still queued too: a duplicate to come, not in flight.
    const inFlight = pairs([
      [1, 1],
      [0, 1],
    ]);
    const ledger = balanceLedger({ ...base, delivered, failed, inFlight });
    expect(ledger).toMatchObject({ delivered: 3, failed: 2, inFlight: 1, unaccounted: 0, balanced: true });
    expect(ledger.delivered + ledger.failed + ledger.inFlight).toBe(ledger.expectedPairs);
  });

  it('is invalid when a pair has no evidence anywhere (lost)', () => {
    const delivered = pairs(EVERY_PAIR.slice(0, 5));
    const ledger = balanceLedger({ ...base, delivered });
    expect(ledger).toMatchObject({ unaccounted: 1, balanced: false });
  });

  it('is invalid when something nobody published was delivered', () => {
    const delivered = pairs([...EVERY_PAIR, [0, 99]]);
    const ledger = balanceLedger({ ...base, delivered });
    expect(ledger).toMatchObject({ delivered: 6, phantom: 1, balanced: false });
  });

  it('an event that was never acknowledged is not owed', () => {
    const ledger = balanceLedger({ ...base, publishedSeqs: [], delivered: none });
    expect(ledger).toMatchObject({ expectedPairs: 0, balanced: true });
  });

  it('owes a spread event to its one endpoint only', () => {
    const spread = { ...base, endpointsOf: (seq: number) => endpointsOf({ routing: 'spread', endpoints: 2 }, seq) };
    expect(
      balanceLedger({
        ...spread,
        delivered: pairs([
          [0, 0],
          [1, 1],
          [0, 2],
        ]),
      }),
    ).toMatchObject({ expectedPairs: 3, delivered: 3, balanced: true });
    // Event 1 delivered to endpoint 0 instead of 1: lost at 1, phantom at 0.
    expect(
      balanceLedger({
        ...spread,
        delivered: pairs([
          [0, 0],
          [0, 1],
          [0, 2],
        ]),
      }),
    ).toMatchObject({ unaccounted: 1, phantom: 1, balanced: false });
  });
});

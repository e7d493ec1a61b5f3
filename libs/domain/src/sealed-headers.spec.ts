import type { EndpointFact } from '@hookline/contracts';
import { openSecret } from './secret-box';
import { openHeaders, openHeadersForDecision, sealFactHeaders, sealHeaders, withholdClearHeaders } from './sealed-headers';

describe('sealed custom headers', () => {
  const key = Buffer.alloc(32, 7);
  const base = { v: 1 as const, endpointId: 'ep_1', version: 2, at: '2026-12-02T10:00:00.000Z' };

  it('seals every clear value of a fact, and nothing of the value is left in the fact', () => {
    const fact: EndpointFact = { ...base, type: 'EndpointUpdated', changes: { headers: { Authorization: 'Basic c2VjcmV0', 'X-Token': 'tok_1' } } };
    const sealed = sealFactHeaders(fact, key);
    expect(JSON.stringify(sealed)).not.toMatch(/c2VjcmV0|tok_1/);
    expect(sealed.type === 'EndpointUpdated' && Object.keys(sealed.changes.headers ?? {})).toEqual(['Authorization', 'X-Token']);
    expect(openHeaders(sealed.type === 'EndpointUpdated' ? (sealed.changes.headers ?? {}) : {}, key)).toEqual({
      Authorization: 'Basic c2VjcmV0',
      'X-Token': 'tok_1',
    });
  });

  it('leaves facts without header values as they are', () => {
    const fact: EndpointFact = { ...base, type: 'EndpointUpdated', changes: { rateLimitPerSecond: 5 } };
    expect(sealFactHeaders(fact, key)).toBe(fact);
  });

  it('still sends the clear values of facts written before sealing', () => {
    expect(openHeaders({ 'X-Old': 'plain', 'X-New': sealHeaders({ 'X-New': 'v' }, key)['X-New'] ?? '' }, key)).toEqual({ 'X-Old': 'plain', 'X-New': 'v' });
  });

  it('keeps no clear value in the read model, deterministically (a rebuild equals live)', () => {
    const sealed = sealHeaders({ A: 'a' }, key);
    const row = withholdClearHeaders({ ...sealed, Old: 'clear' });
    expect(row).toEqual({ A: sealed.A, Old: { withheld: true } });
    expect(withholdClearHeaders({ Old: 'clear' })).toEqual(withholdClearHeaders({ Old: 'clear' }));
    expect(() => openHeaders(row, key)).toThrow(/withheld/);
  });

  it('opens sealed values for a decision and keeps withheld ones withheld', () => {
    const value = sealHeaders({ A: 'a' }, key).A;
    expect(typeof value === 'object' && 'sealed' in value && openSecret(value.sealed, key)).toBe('a');
    expect(openHeadersForDecision({ A: value ?? '', B: { withheld: true } }, key)).toEqual({ A: 'a', B: { withheld: true } });
  });
});

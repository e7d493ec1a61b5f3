import type { ConsumedRecord } from '@hookline/kafka';
import { deliveryFacts, registryFacts } from './fact-decoding';

const record = (value: string | Buffer | null): ConsumedRecord => ({
  key: null,
  value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
  timestamp: '1764000000000',
  offset: '7',
  headers: {},
});

describe('fact decoding', () => {
  it('decodes a known fact', () => {
    const decoded = deliveryFacts(record('{"type":"MessageExhausted","v":1,"messageId":"m","endpointId":"e","attempts":3,"at":"2026-01-01T00:00:00Z"}'));
    expect(decoded.kind).toBe('fact');
  });

  it.each([
    ['an empty value', null, 'undecodable'],
    ['truncated JSON', '{"type":"MessageAccepted","v":1,', 'undecodable'],
    ['random bytes', Buffer.from([0xff, 0x00, 0x13, 0x37]), 'undecodable'],
    ['a JSON array', '[1,2]', 'undecodable'],
    ['JSON null', 'null', 'undecodable'],
    ['no type', '{"v":1}', 'unknown_fact_type'],
    ['a type of the other topic', '{"type":"EndpointCreated","v":1}', 'unknown_fact_type'],
    ['a type that is not a string', '{"type":{"x":1}}', 'unknown_fact_type'],
  ])('sets aside %s instead of throwing', (_what, value, reason) => {
    const decoded = deliveryFacts(record(value));
    expect(decoded).toMatchObject({ kind: 'undecodable', reason });
  });

  it('knows registry facts on the registry topic only', () => {
    expect(registryFacts(record('{"type":"EndpointCreated","v":1}')).kind).toBe('fact');
    expect(registryFacts(record('{"type":"MessageAccepted","v":1}'))).toMatchObject({ kind: 'undecodable', reason: 'unknown_fact_type' });
  });
});

import { durableOffsetOf } from './durable-offset';

const records = ['5', '6', '7'].map((offset) => ({ offset, key: null, value: null, timestamp: '0' }));

describe('durableOffsetOf', () => {
  it('passes null and an offset inside the batch', () => {
    expect(durableOffsetOf(null, records, '8')).toBeNull();
    expect(durableOffsetOf(undefined, records, '8')).toBeNull();
    expect(durableOffsetOf('5', records, '8')).toBe('5');
    expect(durableOffsetOf('8', records, '8')).toBe('8');
  });

  it('refuses an offset outside the batch, which would commit records never handled', () => {
    expect(() => durableOffsetOf('9', records, '8')).toThrow('outside its batch');
    expect(() => durableOffsetOf('4', records, '8')).toThrow('outside its batch');
  });

  it('refuses what is not an offset', () => {
    expect(() => durableOffsetOf(7, records, '8')).toThrow('offset string or null');
    expect(() => durableOffsetOf('seven', records, '8')).toThrow('offset string or null');
  });
});

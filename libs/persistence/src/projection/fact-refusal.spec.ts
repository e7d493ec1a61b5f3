import { refusedFactState } from './fact-refusal';

describe('refusedFactState', () => {
  it('names data exceptions, integrity violations and program limits as refusals of the fact', () => {
    expect(refusedFactState({ code: '22021' })).toBe('22021'); // invalid byte sequence (0x00 in text)
    expect(refusedFactState({ code: '22P05' })).toBe('22P05'); // unsupported Unicode escape (\u0000 in jsonb)
    expect(refusedFactState({ code: '23502' })).toBe('23502'); // not null violation
    expect(refusedFactState({ code: '54000' })).toBe('54000'); // index row too large
  });

  it('reads the code of a TypeORM QueryFailedError through its driver error', () => {
    expect(refusedFactState({ message: 'query failed', driverError: { code: '22P02' } })).toBe('22P02');
  });

  it('leaves environment failures and our own bugs to be retried', () => {
    for (const code of ['08006', '53300', '57P01', '40001', '40P01', 'XX000', '42P01', 'ECONNREFUSED', 'ETIMEDOUT']) {
      expect(refusedFactState({ code })).toBeNull();
    }
    expect(refusedFactState(new TypeError('x is undefined'))).toBeNull();
    expect(refusedFactState('boom')).toBeNull();
    expect(refusedFactState(null)).toBeNull();
  });
});

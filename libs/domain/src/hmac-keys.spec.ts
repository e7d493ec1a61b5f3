import { createHmac } from 'node:crypto';
import { HmacKeys } from './hmac-keys';

describe('HmacKeys', () => {
  const utf8 = (secret: string) => Buffer.from(secret, 'utf8');

  it('makes a key once per secret and signs as the raw bytes would', () => {
    const keys = new HmacKeys(utf8);
    const key = keys.of('s1');
    expect(keys.of('s1')).toBe(key);
    expect(createHmac('sha256', key).update('body').digest('hex')).toBe(createHmac('sha256', utf8('s1')).update('body').digest('hex'));
  });

  it('keeps at most `limit` keys, dropping the oldest first', () => {
    const keys = new HmacKeys(utf8, 2);
    const first = keys.of('a');
    keys.of('b');
    keys.of('c');
    expect(keys.size).toBe(2);
    expect(keys.of('a')).not.toBe(first); // made again: it had been dropped
  });
});

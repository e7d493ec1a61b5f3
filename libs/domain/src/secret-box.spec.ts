import { randomBytes } from 'node:crypto';
import { openSecret, parseMasterKey, sealSecret } from './secret-box';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips and never contains the plain text', () => {
    const sealed = sealSecret('whsec_abc', key);
    expect(sealed).not.toContain('whsec_abc');
    expect(openSecret(sealed, key)).toBe('whsec_abc');
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret('same', key)).not.toBe(sealSecret('same', key));
  });

  it('rejects a wrong key and a tampered ciphertext', () => {
    const sealed = sealSecret('whsec_abc', key);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => openSecret(parts.join('.'), key)).toThrow();
  });

  it('validates the master key length', () => {
    expect(() => parseMasterKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(parseMasterKey(key.toString('base64'))).toEqual(key);
  });
});

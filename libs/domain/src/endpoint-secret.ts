import { randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** `whsec_` + base64 of 32 random bytes, the Standard Webhooks secret format. */
export function generateEndpointSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The HMAC key of a `whsec_` secret: the base64-decoded part after the prefix. */
export function secretKeyBytes(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('endpoint secret must start with whsec_');
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

import { createHmac } from 'node:crypto';
import { secretKeyBytes } from './endpoint-secret';
import { HmacKeys } from './hmac-keys';

const standardKeys = new HmacKeys(secretKeyBytes);
const legacyKeys = new HmacKeys((secret) => Buffer.from(secret, 'utf8'));

/**
 * `webhook-signature` of the Standard Webhooks scheme: `v1,<base64 HMAC-SHA256
 * of "id.timestamp.body">` per valid secret, space-separated, so receivers keep
 * verifying through a rotation grace period.
 */
export function standardWebhookSignature(messageId: string, timestampSeconds: number, body: string, secrets: readonly string[]): string {
  const signed = `${messageId}.${timestampSeconds}.${body}`;
  return secrets.map((secret) => `v1,${createHmac('sha256', standardKeys.of(secret)).update(signed).digest('base64')}`).join(' ');
}

/**
 * The simpler header some receivers were written against: hex HMAC-SHA256 of
 * the raw body keyed by the UTF-8 bytes of the whole `whsec_…` string.
 */
export function legacyHexSignature(body: string, secret: string): string {
  return createHmac('sha256', legacyKeys.of(secret)).update(body).digest('hex');
}

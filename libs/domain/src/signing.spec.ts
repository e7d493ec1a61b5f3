import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { generateEndpointSecret } from './endpoint-secret';
import { legacyHexSignature, standardWebhookSignature } from './signing';

describe('signing', () => {
  const body = JSON.stringify({ id: 'msg_1', type: 'message.delivered', data: { object: { a: 1 } } });
  const now = Math.floor(Date.now() / 1000);

  it('produces a signature the official standardwebhooks library accepts', () => {
    const secret = generateEndpointSecret();
    const signature = standardWebhookSignature('msg_1', now, body, [secret]);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': signature };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('signs once per secret so either secret verifies during a rotation', () => {
    const [oldSecret, newSecret] = [generateEndpointSecret(), generateEndpointSecret()];
    const signature = standardWebhookSignature('msg_1', now, body, [newSecret, oldSecret]);
    expect(signature.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': signature };
    expect(() => new Webhook(oldSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateEndpointSecret()).verify(body, headers)).toThrow();
  });

  it('legacy header is the hex HMAC of the raw body keyed by the whole secret string', () => {
    const secret = generateEndpointSecret();
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(legacyHexSignature(body, secret)).toBe(expected);
  });
});

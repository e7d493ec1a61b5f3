import { Webhook } from 'standardwebhooks';
import { buildDeliveryRequest } from './delivery-request';
import { generateEndpointSecret } from './endpoint-secret';
import { legacyHexSignature } from './signing';

describe('buildDeliveryRequest', () => {
  const secret = generateEndpointSecret();
  const job = {
    v: 1 as const,
    messageId: 'msg_1',
    endpointId: 'ep_1',
    attempt: 1,
    eventType: 'message.delivered',
    projectId: 'proj_1',
    data: { waId: '123' },
    createdAt: 1747147674,
    dueAt: null,
    traceparent: null,
  };
  const request = buildDeliveryRequest({
    job,
    secrets: [secret],
    legacySignatureHeader: 'X-Webhook-Signature',
    customHeaders: { Authorization: 'Basic abc', 'X-Api-Token': 'tok_live_123', 'webhook-signature': 'forged' },
    userAgent: 'Hookline/0.1.0',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    now: new Date(),
  });

  it('sends the public envelope', () => {
    expect(JSON.parse(request.body)).toEqual({
      id: 'msg_1',
      type: 'message.delivered',
      api_version: '2026-02-04',
      created_at: 1747147674,
      liveMode: true,
      project_id: 'proj_1',
      data: { object: { waId: '123' } },
    });
  });

  it('signs with both schemes and custom headers cannot override the signature', () => {
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    expect(request.headers['x-webhook-signature']).toBe(legacyHexSignature(request.body, secret));
    expect(request.headers.authorization).toBe('Basic abc');
    expect(request.headers['x-project-id']).toBe('proj_1');
    expect(request.headers.traceparent).toMatch(/^00-/);
  });

  it('redacts signatures and credentials in what is recorded', () => {
    expect(request.recordedHeaders['webhook-signature']).toBe('[redacted]');
    expect(request.recordedHeaders['x-webhook-signature']).toBe('[redacted]');
    expect(request.recordedHeaders.authorization).toBe('[redacted]');
    expect(request.recordedHeaders['webhook-id']).toBe('msg_1');
  });

  it('records every custom header by name with its value redacted, not only Authorization (issue 11)', () => {
    expect(request.headers['x-api-token']).toBe('tok_live_123');
    expect(request.recordedHeaders['x-api-token']).toBe('[redacted]');
    expect(JSON.stringify(request.recordedHeaders)).not.toContain('tok_live_123');
    expect(request.recordedHeaders['content-type']).toBe('application/json');
    expect(request.recordedHeaders['x-project-id']).toBe('proj_1');
  });
});

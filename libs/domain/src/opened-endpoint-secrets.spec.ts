import { randomBytes } from 'node:crypto';
import type { EndpointCreated, EndpointFact } from '@hookline/contracts';
import { evolveEndpoint, type EndpointState } from './endpoint.state';
import { OpenedEndpointSecrets } from './opened-endpoint-secrets';
import { sealHeaders } from './sealed-headers';
import { sealSecret } from './secret-box';

const masterKey = randomBytes(32);
const at = '2026-11-21T10:00:00.000Z';
const created: EndpointCreated = {
  type: 'EndpointCreated',
  v: 1,
  endpointId: 'ep_1',
  version: 1,
  at,
  accountId: 'acc_1',
  projectId: 'proj_1',
  scope: 'project',
  secret: sealSecret('whsec_one', masterKey),
  url: 'https://example.com',
  description: 'd',
  eventTypes: ['*'],
  rateLimitPerSecond: null,
  headers: sealHeaders({ 'x-api-key': 'k1' }, masterKey),
  timeoutMs: 10_000,
  retrySchedule: null,
  ordering: 'unordered',
  legacySignatureHeader: null,
};
const fold = (facts: EndpointFact[]): EndpointState => {
  const state = facts.reduce(evolveEndpoint, undefined);
  if (state === undefined) throw new Error('expected state');
  return state;
};

describe('OpenedEndpointSecrets', () => {
  it('opens secrets and headers once per endpoint version', () => {
    const cache = new OpenedEndpointSecrets(masterKey);
    const state = fold([created]);
    const first = cache.forRequest(state, new Date(at));
    expect(first).toEqual({ secrets: ['whsec_one'], customHeaders: { 'x-api-key': 'k1' } });
    // Would catch a cache that opens per request: the same objects come back for the same version.
    expect(cache.forRequest(state, new Date(at)).customHeaders).toBe(first.customHeaders);
  });

  it('sees a rotation and a header change at the next request, and keeps the grace period per request time', () => {
    const cache = new OpenedEndpointSecrets(masterKey);
    cache.forRequest(fold([created]), new Date(at));
    const rotated: EndpointFact = {
      type: 'EndpointSecretRotated',
      v: 1,
      endpointId: 'ep_1',
      version: 2,
      at,
      secret: sealSecret('whsec_two', masterKey),
      previousSecretExpiresAt: '2026-11-21T11:00:00.000Z',
    };
    const updated: EndpointFact = {
      type: 'EndpointUpdated',
      v: 1,
      endpointId: 'ep_1',
      version: 3,
      at,
      changes: { headers: sealHeaders({ 'x-api-key': 'k2' }, masterKey) },
    };
    const afterRotation = fold([created, rotated]);
    expect(cache.forRequest(afterRotation, new Date('2026-11-21T10:30:00Z')).secrets).toEqual(['whsec_two', 'whsec_one']);
    expect(cache.forRequest(afterRotation, new Date('2026-11-21T11:00:00Z')).secrets).toEqual(['whsec_two']);
    expect(cache.forRequest(fold([created, rotated, updated]), new Date(at)).customHeaders).toEqual({ 'x-api-key': 'k2' });
    expect(cache.size).toBe(1);
    cache.forget('ep_1');
    expect(cache.size).toBe(0);
  });
});

import { ENDPOINT_DELIVERY_DEFAULTS } from './endpoint-settings';
import type { EndpointCreated, EndpointFact } from '@hookline/contracts';
import { evolveEndpoint, signingSecrets } from './endpoint.state';

const created: EndpointCreated = {
  type: 'EndpointCreated',
  v: 1,
  endpointId: 'ep_1',
  version: 1,
  at: '2026-11-21T10:00:00.000Z',
  accountId: 'acc_1',
  projectId: 'proj_1',
  scope: 'project',
  secret: 'sealed-1',
  url: 'https://example.com',
  description: 'd',
  eventTypes: ['*'],
  ...ENDPOINT_DELIVERY_DEFAULTS,
  legacySignatureHeader: null,
};
const fold = (facts: EndpointFact[]) => facts.reduce(evolveEndpoint, undefined);

describe('evolveEndpoint', () => {
  it('ignores replayed facts at or below the current version', () => {
    const disabled: EndpointFact = { type: 'EndpointDisabled', v: 1, endpointId: 'ep_1', version: 2, at: created.at, reason: 'x' };
    const enabled: EndpointFact = { type: 'EndpointEnabled', v: 1, endpointId: 'ep_1', version: 3, at: created.at };
    expect(fold([created, disabled, enabled, disabled])?.status).toBe('enabled');
    expect(fold([created, disabled, enabled, disabled])?.version).toBe(3);
  });

  it('keeps the previous secret signing until its grace period ends', () => {
    const rotated: EndpointFact = {
      type: 'EndpointSecretRotated',
      v: 1,
      endpointId: 'ep_1',
      version: 2,
      at: '2026-11-21T10:00:00.000Z',
      secret: 'sealed-2',
      previousSecretExpiresAt: '2026-11-21T11:00:00.000Z',
    };
    const state = fold([created, rotated]);
    if (state === undefined) throw new Error('expected state');
    expect(signingSecrets(state, new Date('2026-11-21T10:30:00Z'))).toEqual(['sealed-2', 'sealed-1']);
    expect(signingSecrets(state, new Date('2026-11-21T11:00:00Z'))).toEqual(['sealed-2']);
  });

  it('drops the previous secret at once for a zero grace period', () => {
    const rotated: EndpointFact = {
      type: 'EndpointSecretRotated',
      v: 1,
      endpointId: 'ep_1',
      version: 2,
      at: '2026-11-21T10:00:00.000Z',
      secret: 'sealed-2',
      previousSecretExpiresAt: '2026-11-21T10:00:00.000Z',
    };
    expect(fold([created, rotated])?.previousSecret).toBeNull();
  });

  it('folds a deleted endpoint to nothing, and applies updates', () => {
    const updated: EndpointFact = { type: 'EndpointUpdated', v: 1, endpointId: 'ep_1', version: 2, at: created.at, changes: { url: 'https://b.example' } };
    expect(fold([created, updated])?.url).toBe('https://b.example');
    expect(fold([created, { type: 'EndpointDeleted', v: 1, endpointId: 'ep_1', version: 3, at: created.at }])).toBeUndefined();
  });
});

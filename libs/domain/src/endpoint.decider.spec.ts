import type { EndpointSettings } from '@hookline/contracts';
import { DomainError } from './domain-error';
import { decideEndpoint, type CreateEndpoint } from './endpoint.decider';
import { evolveEndpoint } from './endpoint.state';

const settings: EndpointSettings = {
  url: 'https://example.com/hook',
  description: 'orders',
  eventTypes: ['message.*'],
  rateLimitPerSecond: null,
  headers: {},
  timeoutMs: 10_000,
  retrySchedule: null,
  ordering: 'unordered',
  legacySignatureHeader: 'x-webhook-signature',
};
const now = new Date('2026-11-21T10:00:00Z');
const create = (overrides: Partial<CreateEndpoint> = {}): CreateEndpoint => ({
  type: 'CreateEndpoint',
  endpointId: 'ep_1',
  accountId: 'acc_1',
  projectId: 'proj_1',
  scope: 'project',
  settings,
  secret: 'sealed',
  policy: { allowHttp: false, knownEventTypes: new Set(['message.delivered']) },
  ...overrides,
});

function rejection(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('endpoint decider: create', () => {
  it('creates version 1 and folds to an enabled endpoint', () => {
    const facts = decideEndpoint(create(), undefined, now);
    expect(facts).toEqual([expect.objectContaining({ type: 'EndpointCreated', version: 1, at: now.toISOString() })]);
    const state = facts.reduce(evolveEndpoint, undefined);
    expect(state).toMatchObject({ endpointId: 'ep_1', status: 'enabled', version: 1, url: settings.url });
  });

  it('refuses to create twice', () => {
    const state = decideEndpoint(create(), undefined, now).reduce(evolveEndpoint, undefined);
    expect(rejection(() => decideEndpoint(create(), state, now))).toMatchObject({ kind: 'conflict', code: 'endpoint_exists' });
  });

  it('rejects plain http unless the deployment allows it', () => {
    const httpSettings = { ...settings, url: 'http://example.com/hook' };
    expect(rejection(() => decideEndpoint(create({ settings: httpSettings }), undefined, now)).code).toBe('url_not_https');
    expect(decideEndpoint(create({ settings: httpSettings, policy: { allowHttp: true, knownEventTypes: new Set() } }), undefined, now)).toHaveLength(1);
  });

  it.each([
    [{ url: 'not a url' }, 'url_invalid'],
    [{ url: 'https://user:pw@example.com' }, 'url_has_credentials'],
    [{ eventTypes: [] }, 'event_types_required'],
    [{ timeoutMs: 999 }, 'timeout_out_of_range'],
    [{ timeoutMs: 30_001 }, 'timeout_out_of_range'],
  ])('rejects %j with %s', (change, code) => {
    expect(rejection(() => decideEndpoint(create({ settings: { ...settings, ...change } }), undefined, now)).code).toBe(code);
  });

  it('needs a project for project scope', () => {
    expect(rejection(() => decideEndpoint(create({ projectId: null }), undefined, now)).code).toBe('project_required');
  });
});

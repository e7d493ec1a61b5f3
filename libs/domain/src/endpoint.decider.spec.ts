import { ENDPOINT_DELIVERY_DEFAULTS } from './endpoint-settings';
import type { EndpointSettings } from '@hookline/contracts';
import { DomainError } from './domain-error';
import { decideEndpoint, type CreateEndpoint } from './endpoint.decider';
import { evolveEndpoint } from './endpoint.state';

const settings: EndpointSettings = {
  url: 'https://example.com/hook',
  description: 'orders',
  eventTypes: ['message.*'],
  ...ENDPOINT_DELIVERY_DEFAULTS,
  legacySignatureHeader: 'x-webhook-signature',
};
const now = new Date('2026-11-21T10:00:00Z');
const CLOSED = { allowPrivateNetworks: false, allowlist: [] };
const create = (overrides: Partial<CreateEndpoint> = {}): CreateEndpoint => ({
  type: 'CreateEndpoint',
  endpointId: 'ep_1',
  accountId: 'acc_1',
  projectId: 'proj_1',
  scope: 'project',
  settings,
  secret: 'sealed',
  policy: { allowHttp: false, outbound: CLOSED, knownEventTypes: new Set(['message.delivered']) },
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
    expect(
      decideEndpoint(create({ settings: httpSettings, policy: { allowHttp: true, outbound: CLOSED, knownEventTypes: new Set() } }), undefined, now),
    ).toHaveLength(1);
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

  it.each(['https://127.0.0.1/hook', 'https://[64:ff9b::a9fe:a9fe]/latest', 'https://10.0.0.5/hook', 'https://localhost/hook'])(
    'refuses the literal forbidden address of %s with url_not_allowed unless private networks are allowed',
    (url) => {
      const literal = { ...settings, url };
      expect(rejection(() => decideEndpoint(create({ settings: literal }), undefined, now)).code).toBe('url_not_allowed');
      const open = { allowHttp: false, outbound: { allowPrivateNetworks: true, allowlist: [] }, knownEventTypes: new Set<string>() };
      expect(decideEndpoint(create({ settings: literal, policy: open }), undefined, now)).toHaveLength(1);
      // PATCH applies the same rule.
      const state = decideEndpoint(create(), undefined, now).reduce(evolveEndpoint, undefined);
      const patch = { type: 'UpdateEndpoint' as const, endpointId: 'ep_1', expectedVersion: null, changes: { url }, policy: create().policy };
      expect(rejection(() => decideEndpoint(patch, state, now)).code).toBe('url_not_allowed');
    },
  );

  it('needs a project for project scope', () => {
    expect(rejection(() => decideEndpoint(create({ projectId: null }), undefined, now)).code).toBe('project_required');
  });
});

describe('endpoint decider: changes to an existing endpoint', () => {
  const policy = { allowHttp: false, outbound: CLOSED, knownEventTypes: new Set(['message.delivered', 'message.read']) };
  const fold = (facts: ReturnType<typeof decideEndpoint>, state = decideEndpoint(create(), undefined, now).reduce(evolveEndpoint, undefined)) =>
    facts.reduce(evolveEndpoint, state);
  const initial = () => decideEndpoint(create(), undefined, now).reduce(evolveEndpoint, undefined);
  const later = new Date('2026-11-21T11:00:00Z');

  it('updates with the expected version and bumps it', () => {
    const facts = decideEndpoint(
      { type: 'UpdateEndpoint', endpointId: 'ep_1', expectedVersion: 1, changes: { url: 'https://b.example' }, policy },
      initial(),
      later,
    );
    expect(facts).toEqual([expect.objectContaining({ type: 'EndpointUpdated', version: 2, changes: { url: 'https://b.example' } })]);
    expect(fold(facts)).toMatchObject({ url: 'https://b.example', version: 2, updatedAt: later.toISOString() });
  });

  it('refuses a stale expected version', () => {
    const error = rejection(() =>
      decideEndpoint({ type: 'UpdateEndpoint', endpointId: 'ep_1', expectedVersion: 7, changes: { url: 'https://b.example' }, policy }, initial(), later),
    );
    expect(error).toMatchObject({ kind: 'conflict', code: 'version_conflict', details: { expectedVersion: 7, currentVersion: 1 } });
  });

  it('decides nothing for a patch that repeats the current values', () => {
    expect(
      decideEndpoint({ type: 'UpdateEndpoint', endpointId: 'ep_1', expectedVersion: null, changes: { url: settings.url }, policy }, initial(), later),
    ).toEqual([]);
  });

  it('decides nothing for a patch that repeats the current headers in another key order', () => {
    const withHeaders = decideEndpoint(create({ settings: { ...settings, headers: { 'X-Api-Token': 't', Authorization: 'a' } } }), undefined, now).reduce(
      evolveEndpoint,
      undefined,
    );
    const patch = {
      type: 'UpdateEndpoint' as const,
      endpointId: 'ep_1',
      expectedVersion: null,
      changes: { headers: { Authorization: 'a', 'X-Api-Token': 't' } },
      policy,
    };
    expect(decideEndpoint(patch, withHeaders, later)).toEqual([]);
    expect(decideEndpoint({ ...patch, changes: { headers: { Authorization: 'b', 'X-Api-Token': 't' } } }, withHeaders, later)).toHaveLength(1);
  });

  it('validates the merged settings of a patch', () => {
    const run = (changes: Partial<EndpointSettings>) =>
      rejection(() => decideEndpoint({ type: 'UpdateEndpoint', endpointId: 'ep_1', expectedVersion: null, changes, policy }, initial(), later)).code;
    expect(run({ url: 'http://b.example' })).toBe('url_not_https');
    expect(run({ eventTypes: ['order.paid'] })).toBe('unknown_event_type');
    expect(run({ rateLimitPerSecond: 0 })).toBe('rate_limit_out_of_range');
    expect(run({ headers: { 'Webhook-Signature': 'x' } })).toBe('header_reserved');
    expect(run({ description: ' ' })).toBe('description_required');
  });

  it('rotates with a grace period, or none', () => {
    const rotate = (graceSeconds: number) =>
      decideEndpoint({ type: 'RotateEndpointSecret', endpointId: 'ep_1', secret: 'sealed-2', graceSeconds }, initial(), later);
    const graced = fold(rotate(3600));
    expect(graced).toMatchObject({ secret: 'sealed-2', previousSecret: 'sealed', previousSecretExpiresAt: '2026-11-21T12:00:00.000Z', version: 2 });
    expect(fold(rotate(0))).toMatchObject({ secret: 'sealed-2', previousSecret: null, previousSecretExpiresAt: null });
  });

  it.each([-1, 1.5, 30 * 86_400 + 1])('refuses to rotate with grace %p', (graceSeconds) => {
    const error = rejection(() => decideEndpoint({ type: 'RotateEndpointSecret', endpointId: 'ep_1', secret: 's', graceSeconds }, initial(), later));
    expect(error).toMatchObject({ kind: 'validation', code: 'grace_out_of_range' });
  });

  it('disables and enables, each only when it changes something', () => {
    const disabled = fold(decideEndpoint({ type: 'DisableEndpoint', endpointId: 'ep_1', reason: 'maintenance' }, initial(), later));
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'maintenance', version: 2 });
    expect(decideEndpoint({ type: 'DisableEndpoint', endpointId: 'ep_1', reason: 'again' }, disabled, later)).toEqual([]);
    const enabled = fold(decideEndpoint({ type: 'EnableEndpoint', endpointId: 'ep_1' }, disabled, later), disabled);
    expect(enabled).toMatchObject({ status: 'enabled', disabledReason: null, version: 3 });
    expect(decideEndpoint({ type: 'EnableEndpoint', endpointId: 'ep_1' }, enabled, later)).toEqual([]);
  });

  it('deletes (checking a given version), after which every command answers not_found', () => {
    expect(rejection(() => decideEndpoint({ type: 'DeleteEndpoint', endpointId: 'ep_1', expectedVersion: 2 }, initial(), later)).code).toBe('version_conflict');
    const deleted = fold(decideEndpoint({ type: 'DeleteEndpoint', endpointId: 'ep_1', expectedVersion: 1 }, initial(), later));
    expect(deleted).toBeUndefined();
    const commands = [
      { type: 'EnableEndpoint', endpointId: 'ep_1' },
      { type: 'DisableEndpoint', endpointId: 'ep_1', reason: 'x' },
      { type: 'RotateEndpointSecret', endpointId: 'ep_1', secret: 's', graceSeconds: 0 },
      { type: 'UpdateEndpoint', endpointId: 'ep_1', expectedVersion: null, changes: { url: 'https://c.example' }, policy },
      { type: 'DeleteEndpoint', endpointId: 'ep_1', expectedVersion: null },
    ] as const;
    for (const command of commands) {
      expect(rejection(() => decideEndpoint(command, deleted, later))).toMatchObject({ kind: 'not_found', code: 'endpoint_not_found' });
    }
  });
});

describe('endpoint settings rules', () => {
  const run = (change: Partial<EndpointSettings>) => {
    try {
      decideEndpoint(create({ settings: { ...settings, ...change } }), undefined, now);
      return 'accepted';
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
  };

  it.each([
    [{ eventTypes: ['*'] }, 'accepted'],
    [{ eventTypes: ['message.*', 'message.delivered'] }, 'accepted'],
    [{ eventTypes: ['order.*'] }, 'accepted'],
    [{ eventTypes: ['message.unknown'] }, 'unknown_event_type'],
    [{ eventTypes: ['Message.*'] }, 'unknown_event_type'],
    [{ rateLimitPerSecond: 1 }, 'accepted'],
    [{ rateLimitPerSecond: 10_000 }, 'accepted'],
    [{ rateLimitPerSecond: 10_001 }, 'rate_limit_out_of_range'],
    [{ timeoutMs: 1000 }, 'accepted'],
    [{ timeoutMs: 30_000 }, 'accepted'],
    [{ description: '' }, 'description_required'],
    [{ headers: { Authorization: 'Basic x', 'X-Tenant': 'a' } }, 'accepted'],
    [{ headers: { 'webhook-id': 'x' } }, 'header_reserved'],
    [{ headers: { 'webhook-timestamp': 'x' } }, 'header_reserved'],
    [{ headers: { 'CONTENT-TYPE': 'x' } }, 'header_reserved'],
    [{ headers: { 'keep-alive': 'x' } }, 'header_reserved'],
    [{ headers: { Upgrade: 'x' } }, 'header_reserved'],
    [{ headers: { 'x-webhook-signature': 'x' } }, 'header_reserved'],
    [{ headers: { 'x-a': 'a', 'X-A': 'b' } }, 'header_duplicate'],
    [{ headers: { 'x a': 'x' } }, 'header_name_invalid'],
    [{ headers: { 'x-a': 'a\nb' } }, 'header_value_invalid'],
    [{ legacySignatureHeader: 'webhook-signature' }, 'header_reserved'],
    [{ legacySignatureHeader: null, headers: { 'x-webhook-signature': 'x' } }, 'accepted'],
    [{ retrySchedule: [1000, 60_000] }, 'accepted'],
    [{ retrySchedule: [] }, 'retry_schedule_invalid'],
    [{ retrySchedule: [999] }, 'retry_schedule_invalid'],
  ])('%j → %s', (change, expected) => {
    expect(run(change as Partial<EndpointSettings>)).toBe(expected);
  });

  it('creates account-scoped endpoints without a project', () => {
    const [fact] = decideEndpoint(create({ scope: 'account', projectId: 'proj_ignored' }), undefined, now);
    expect(fact).toMatchObject({ scope: 'account', accountId: 'acc_1', projectId: null });
    expect(rejection(() => decideEndpoint(create({ scope: 'account', accountId: null }), undefined, now)).code).toBe('account_required');
  });
});

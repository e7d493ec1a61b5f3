import fc from 'fast-check';
import type { EndpointFact, RegistryFact } from '@hookline/contracts';
import { subscribersOf } from './subscribers';
import { RegistryView } from './registry-view';

/**
 * The subscription index must return exactly what the scan returns, whatever
 * sequence of endpoint facts built the registry: creates, updates of filters,
 * disables, enables, deletes, stale and replayed versions, project and partner
 * scopes, exact, family and `*` filters (fan-out.ts is the reference).
 */
const endpointIds = ['ep_a', 'ep_b', 'ep_c', 'ep_d', 'ep_e', 'ep_f'];
const projects = ['proj_1', 'proj_2', 'proj_3'];
const accounts = ['acc_1', 'acc_2'];
const filters = ['*', 'message.*', 'message.status.*', 'message.read', 'message.status.changed', 'form.submitted', 'form.*', '.*', 'message', 'message.'];
const types = ['message.read', 'message.status.changed', 'message.status', 'message', 'message.', 'form.submitted', 'form', '.hidden', 'other.thing', ''];
const at = '2026-12-05T00:00:00.000Z';

const filterList = fc.uniqueArray(fc.constantFrom(...filters), { maxLength: 4 }).chain((unique) =>
  // Repeated filters happen in real registries too; keep some.
  fc.boolean().map((repeat) => (repeat && unique.length > 0 ? [...unique, unique[0] as string] : unique)),
);

const created: fc.Arbitrary<EndpointFact> = fc
  .record({
    endpointId: fc.constantFrom(...endpointIds),
    scope: fc.constantFrom('project' as const, 'account' as const),
    projectId: fc.constantFrom(...projects),
    accountId: fc.option(fc.constantFrom(...accounts), { nil: null }),
    eventTypes: filterList,
    version: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ endpointId, scope, projectId, accountId, eventTypes, version }) => ({
    type: 'EndpointCreated',
    v: 1,
    endpointId,
    version,
    at,
    scope,
    accountId,
    projectId: scope === 'project' ? projectId : null,
    secret: 'sealed',
    url: `https://example.test/${endpointId}`,
    description: '',
    eventTypes,
    rateLimitPerSecond: null,
    headers: {},
    timeoutMs: 1_000,
    retrySchedule: null,
    ordering: 'unordered',
    legacySignatureHeader: null,
  }));

const later: fc.Arbitrary<EndpointFact> = fc
  .record({
    endpointId: fc.constantFrom(...endpointIds),
    version: fc.integer({ min: 1, max: 12 }),
    kind: fc.constantFrom('update', 'disable', 'enable', 'delete', 'rotate'),
    eventTypes: filterList,
  })
  .map(({ endpointId, version, kind, eventTypes }): EndpointFact => {
    const base = { v: 1 as const, endpointId, version, at };
    switch (kind) {
      case 'update':
        return { ...base, type: 'EndpointUpdated', changes: { eventTypes } };
      case 'disable':
        return { ...base, type: 'EndpointDisabled', reason: 'manual' };
      case 'enable':
        return { ...base, type: 'EndpointEnabled' };
      case 'delete':
        return { ...base, type: 'EndpointDeleted' };
      default:
        return { ...base, type: 'EndpointSecretRotated', secret: 'sealed-2', previousSecretExpiresAt: at };
    }
  });

const event = fc.record({
  projectId: fc.constantFrom(...projects, 'proj_unknown'),
  accountId: fc.option(fc.constantFrom(...accounts, 'acc_unknown'), { nil: null }),
  type: fc.constantFrom(...types),
});

const ids = (endpoints: ReadonlyArray<{ endpointId: string }>) => endpoints.map((e) => e.endpointId);

describe('RegistryView.subscribersOf (indexed) agrees with the scan', () => {
  it('returns exactly what subscribersOf(allEndpoints()) returns, after any sequence of endpoint facts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(created, later, later), { maxLength: 40 }), fc.array(event, { minLength: 1, maxLength: 12 }), (facts, events) => {
        const view = new RegistryView();
        for (const fact of facts) view.apply(fact);
        for (const e of events) {
          expect(ids(view.subscribersOf(e))).toEqual(ids(subscribersOf(view.allEndpoints(), e)));
          // The same state objects, not copies: the dispatcher and fan-out read current settings from them.
          expect(view.subscribersOf(e)).toEqual(subscribersOf(view.allEndpoints(), e));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('agrees after every single fact, not only at the end', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(created, later), { maxLength: 25 }), event, (facts, e) => {
        const view = new RegistryView();
        for (const fact of facts) {
          view.apply(fact);
          expect(ids(view.subscribersOf(e))).toEqual(ids(subscribersOf(view.allEndpoints(), e)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds a partner endpoint by account, a family filter at every depth, and forgets deleted and narrowed endpoints', () => {
    const view = new RegistryView();
    const base = {
      v: 1 as const,
      at,
      secret: 's',
      url: 'https://x.test',
      description: '',
      rateLimitPerSecond: null,
      headers: {},
      timeoutMs: 1,
      retrySchedule: null,
      ordering: 'unordered' as const,
      legacySignatureHeader: null,
    };
    const facts: RegistryFact[] = [
      {
        ...base,
        type: 'EndpointCreated',
        endpointId: 'ep_family',
        version: 1,
        scope: 'project',
        projectId: 'proj_1',
        accountId: 'acc_1',
        eventTypes: ['message.*'],
      },
      { ...base, type: 'EndpointCreated', endpointId: 'ep_partner', version: 1, scope: 'account', projectId: null, accountId: 'acc_1', eventTypes: ['*'] },
      { ...base, type: 'EndpointCreated', endpointId: 'ep_gone', version: 1, scope: 'project', projectId: 'proj_1', accountId: 'acc_1', eventTypes: ['*'] },
      { v: 1, type: 'EndpointDeleted', endpointId: 'ep_gone', version: 2, at },
      { v: 1, type: 'EndpointUpdated', endpointId: 'ep_partner', version: 2, at, changes: { eventTypes: ['form.submitted'] } },
    ];
    facts.forEach((fact) => view.apply(fact));
    expect(ids(view.subscribersOf({ projectId: 'proj_1', accountId: 'acc_1', type: 'message.status.changed' }))).toEqual(['ep_family']);
    expect(ids(view.subscribersOf({ projectId: 'proj_1', accountId: 'acc_1', type: 'form.submitted' }))).toEqual(['ep_partner']);
    expect(ids(view.subscribersOf({ projectId: 'proj_1', accountId: null, type: 'form.submitted' }))).toEqual([]);
    expect(view.version).toBe(facts.length);
  });
});

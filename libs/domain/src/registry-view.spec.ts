import type { RegistryFact } from '@hookline/contracts';
import { RegistryView } from './registry-view';

const at = '2026-11-21T10:00:00.000Z';
const facts: RegistryFact[] = [
  { type: 'AccountCreated', v: 1, accountId: 'acc_1', name: 'Acme', at },
  { type: 'ProjectCreated', v: 1, projectId: 'proj_1', accountId: 'acc_1', name: 'Shop', at },
  { type: 'ApiKeyCreated', v: 1, keyId: 'key_1', keyHash: 'hash-1', scope: 'project', accountId: 'acc_1', projectId: 'proj_1', name: '', at },
  { type: 'ApiKeyCreated', v: 1, keyId: 'key_2', keyHash: 'hash-2', scope: 'account', accountId: 'acc_1', projectId: null, name: '', at },
  { type: 'ApiKeyRevoked', v: 1, keyId: 'key_2', at },
  { type: 'EventTypeCreated', v: 1, name: 'order.paid', accountId: 'acc_1', description: 'mine', schema: null, at },
  { type: 'EventTypeCreated', v: 1, name: 'order.paid', accountId: null, description: 'global', schema: null, at },
  // A racing duplicate of the account's type: first wins.
  { type: 'EventTypeCreated', v: 1, name: 'order.paid', accountId: 'acc_1', description: 'late', schema: null, at },
];

describe('RegistryView: tenants and event types', () => {
  const view = new RegistryView();
  facts.forEach((fact) => view.apply(fact));

  it('maps projects to their accounts', () => {
    expect(view.accountOfProject('proj_1')).toBe('acc_1');
    expect(view.accountOfProject('proj_unknown')).toBeNull();
  });

  it('finds live keys by hash only', () => {
    expect(view.apiKeyByHash('hash-1')).toMatchObject({ keyId: 'key_1', projectId: 'proj_1' });
    expect(view.apiKeyByHash('hash-2')).toBeUndefined();
    expect(view.snapshot().apiKeys.find((k) => k.keyId === 'key_2')?.revokedAt).toBe(at);
  });

  it("resolves an account's own type first, then global, then built-in", () => {
    expect(view.eventType('acc_1', 'order.paid')?.description).toBe('mine');
    expect(view.eventType('acc_2', 'order.paid')?.description).toBe('global');
    expect(view.eventType('acc_2', 'message.read')).toMatchObject({ accountId: null, createdAt: null });
    expect(view.eventType('acc_2', 'order.unknown')).toBeUndefined();
  });

  it('snapshots sorted by id and leaves the endpoint table alone', () => {
    const snapshot = view.snapshot();
    expect(snapshot.eventTypes.map((t) => `${t.accountId ?? '*'}/${t.name}`)).toEqual(['*/order.paid', 'acc_1/order.paid']);
    expect(snapshot.endpoints).toEqual([]);
    expect(view.size).toBe(0);
  });
});

import type { RegistryFact } from '@hookline/contracts';
import { admitEvent } from './event-admission';
import { EventSchemaValidators } from './event-schema.validators';
import { RegistryView } from './registry-view';

const at = '2026-11-21T10:00:00.000Z';
const facts = [
  { type: 'AccountCreated', v: 1, accountId: 'acc_1', name: 'Acme', at },
  { type: 'ProjectCreated', v: 1, projectId: 'proj_1', accountId: 'acc_1', name: 'Shop', at },
  {
    type: 'EventTypeCreated',
    v: 1,
    accountId: 'acc_1',
    name: 'order.paid',
    description: 'paid',
    schema: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } },
    at,
  },
] as unknown as RegistryFact[];

describe('admitEvent', () => {
  const view = new RegistryView();
  for (const fact of facts) view.apply(fact);
  const schemas = new EventSchemaValidators();
  const admit = (type: string, data: Record<string, unknown>, projectId = 'proj_1') => admitEvent({ type, projectId, data }, view, schemas);

  it('admits built-in types and returns the owning account', () => {
    expect(admit('message.delivered', {})).toEqual({ ok: true, accountId: 'acc_1' });
  });

  it('rejects unknown projects and unknown types', () => {
    expect(admit('message.delivered', {}, 'proj_nope')).toMatchObject({ ok: false, reason: 'unknown_project' });
    expect(admit('message.exploded', {})).toMatchObject({ ok: false, reason: 'unknown_event_type' });
  });

  it('checks data against the type schema', () => {
    expect(admit('order.paid', { amount: 10 })).toMatchObject({ ok: true });
    expect(admit('order.paid', { amount: 'ten' })).toMatchObject({ ok: false, reason: 'schema_mismatch', message: expect.stringContaining('/amount') });
    expect(admit('order.paid', {})).toMatchObject({ ok: false, reason: 'schema_mismatch' });
  });
});

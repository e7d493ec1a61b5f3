import { DomainError } from './domain-error';
import { BUILT_IN_EVENT_TYPES, isEventTypeWildcard } from './event-type.catalog';
import { decideEventType, type CreateEventType } from './event-type.decider';
import { evolveEventType } from './tenant.state';

const now = new Date('2026-11-21T10:00:00Z');
const command = (overrides: Partial<CreateEventType> = {}): CreateEventType => ({
  type: 'CreateEventType',
  name: 'order.paid',
  accountId: 'acc_1',
  description: 'An order was paid',
  schema: null,
  ...overrides,
});

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('event type decider', () => {
  it('creates a type with a compiling schema', () => {
    const schema = { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] };
    const facts = decideEventType(command({ schema }), undefined, now);
    expect(facts).toEqual([
      { type: 'EventTypeCreated', v: 1, name: 'order.paid', accountId: 'acc_1', description: 'An order was paid', schema, at: now.toISOString() },
    ]);
    expect(evolveEventType(undefined, facts[0] as (typeof facts)[0])).toMatchObject({ name: 'order.paid', createdAt: now.toISOString() });
  });

  it.each([
    [{ name: 'Order.Paid' }, 'event_type_name_invalid'],
    [{ name: 'order..paid' }, 'event_type_name_invalid'],
    [{ name: 'order.*' }, 'event_type_name_invalid'],
    [{ name: 'message.delivered' }, 'event_type_exists'],
    [{ description: ' ' }, 'description_required'],
    [{ schema: { type: 'nope' } }, 'schema_invalid'],
    [{ schema: { $ref: '#/definitions/missing' } }, 'schema_invalid'],
    [{ schema: { type: 'object', minProperties: -1 } }, 'schema_invalid'],
    [{ name: 'template.status_update.v2' }, 'accepted'],
  ])('%j → %s', (overrides, expected) => {
    expect(code(() => decideEventType(command(overrides), undefined, now))).toBe(expected);
  });

  it('refuses a name the owner already has', () => {
    const existing = { name: 'order.paid', accountId: null, description: 'global', schema: null, createdAt: now.toISOString() };
    expect(code(() => decideEventType(command(), existing, now))).toBe('event_type_exists');
  });

  it('knows the WhatsApp-platform types and tells wildcards apart', () => {
    expect(BUILT_IN_EVENT_TYPES.map((t) => t.name)).toEqual(
      expect.arrayContaining(['message.sent', 'message.report', 'template.status_update', 'transfer.created', 'campaign.completed']),
    );
    expect(BUILT_IN_EVENT_TYPES).toHaveLength(13);
    expect(['*', 'message.*', 'template.status.*'].every(isEventTypeWildcard)).toBe(true);
    expect(['message', 'message*', '.*', 'Message.*'].some(isEventTypeWildcard)).toBe(false);
  });
});

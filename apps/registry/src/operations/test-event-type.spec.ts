import { domainErrorCode as codeOf } from '@hookline/testing';
import { chooseTestEventType } from './test-event-type';

const KNOWN = new Set(['message.delivered', 'message.read', 'form.submitted', 'order.paid']);

describe('chooseTestEventType', () => {
  it('takes a requested type the endpoint subscribes to', () => {
    expect(chooseTestEventType('message.read', ['message.*'], KNOWN)).toBe('message.read');
  });

  it('refuses unknown and unsubscribed types with their codes', () => {
    expect(codeOf(() => chooseTestEventType('message.nope', ['*'], KNOWN))).toBe('unknown_event_type');
    expect(codeOf(() => chooseTestEventType('form.submitted', ['message.*'], KNOWN))).toBe('event_type_not_subscribed');
  });

  it('defaults to the first exact subscription', () => {
    expect(chooseTestEventType(undefined, ['message.*', 'form.submitted', 'message.read'], KNOWN)).toBe('form.submitted');
  });

  it('defaults to message.delivered under a wildcard that covers it, else the first covered known type', () => {
    expect(chooseTestEventType(undefined, ['*'], KNOWN)).toBe('message.delivered');
    expect(chooseTestEventType(undefined, ['order.*'], KNOWN)).toBe('order.paid');
    expect(codeOf(() => chooseTestEventType(undefined, ['invoice.*'], KNOWN))).toBe('event_type_required');
  });
});

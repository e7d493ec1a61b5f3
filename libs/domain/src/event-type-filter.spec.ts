import { matchesAnyEventType, matchesEventType } from './event-type-filter';

describe('matchesEventType', () => {
  it.each([
    ['message.read', 'message.read', true],
    ['message.read', 'message.sent', false],
    ['message.*', 'message.read', true],
    ['message.*', 'messages.read', false],
    ['message.*', 'message', false],
    ['*', 'form.submitted', true],
  ])('%s vs %s → %s', (filter, type, expected) => {
    expect(matchesEventType(filter, type)).toBe(expected);
  });

  it('matches when any filter matches', () => {
    expect(matchesAnyEventType(['form.submitted', 'message.*'], 'message.failed')).toBe(true);
    expect(matchesAnyEventType(['form.submitted'], 'message.failed')).toBe(false);
  });
});

import { eventIdForRecord, generateEventId, messageIdFor } from './message-id';

describe('messageIdFor', () => {
  it('is stable for the same project and event id', () => {
    expect(messageIdFor('proj_a', 'evt_1')).toBe(messageIdFor('proj_a', 'evt_1'));
    expect(messageIdFor('proj_a', 'evt_1')).toMatch(/^msg_[A-Za-z0-9_-]{27}$/);
  });

  it('differs across projects and events, and cannot be forged by moving the separator', () => {
    const ids = new Set([
      messageIdFor('proj_a', 'evt_1'),
      messageIdFor('proj_b', 'evt_1'),
      messageIdFor('proj_a', 'evt_2'),
      messageIdFor('proj_a1', 'evt_'),
      messageIdFor('proj_', 'a1evt_'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('generates distinct event ids', () => {
    expect(generateEventId()).not.toBe(generateEventId());
  });
});

describe('eventIdForRecord', () => {
  it('is the same for the same record and differs across positions', () => {
    expect(eventIdForRecord('hookline.events', 1, '42')).toBe(eventIdForRecord('hookline.events', 1, '42'));
    expect(eventIdForRecord('hookline.events', 1, '42')).not.toBe(eventIdForRecord('hookline.events', 1, '43'));
    expect(eventIdForRecord('hookline.events', 1, '42')).not.toBe(eventIdForRecord('hookline.events', 2, '42'));
  });
});

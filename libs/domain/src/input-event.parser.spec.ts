import { createdAtSeconds, parseInputEvent } from './input-event.parser';

const limits = { maxBytes: 1024 };
const parse = (value: unknown) => parseInputEvent(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), limits);

describe('parseInputEvent', () => {
  it('accepts a well-formed event', () => {
    expect(parse({ id: 'e1', type: 'message.read', projectId: 'p1', data: { a: 1 } })).toEqual({
      ok: true,
      event: { id: 'e1', type: 'message.read', projectId: 'p1', data: { a: 1 }, createdAt: undefined },
    });
  });

  it.each([
    ['{nope', 'not_json'],
    [[1, 2], 'not_an_object'],
    [{ projectId: 'p', data: {} }, 'missing_type'],
    [{ type: 't', data: {} }, 'missing_project'],
    [{ type: 't', projectId: 'p', data: [] }, 'data_not_object'],
    [{ type: 't', projectId: 'p', data: {}, id: 7 }, 'invalid_id'],
    [{ type: 't', projectId: 'p', data: { big: 'x'.repeat(2000) } }, 'payload_too_large'],
  ])('rejects %j as %s', (value, reason) => {
    expect(parse(value)).toMatchObject({ ok: false, reason });
  });

  it('rejects an empty record', () => {
    expect(parseInputEvent(null, limits)).toMatchObject({ ok: false, reason: 'not_json' });
  });
});

describe('createdAtSeconds', () => {
  const accepted = new Date('2026-11-21T10:00:00Z');
  it('prefers the event time and falls back to acceptance', () => {
    expect(createdAtSeconds(1747147674, accepted)).toBe(1747147674);
    expect(createdAtSeconds('2026-01-01T00:00:00Z', accepted)).toBe(1767225600);
    expect(createdAtSeconds('garbage', accepted)).toBe(accepted.getTime() / 1000);
    expect(createdAtSeconds(undefined, accepted)).toBe(accepted.getTime() / 1000);
  });
});

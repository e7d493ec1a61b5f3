import { findMarker, markerValue } from './event-marker';

describe('event marker', () => {
  it('round-trips through a webhook body', () => {
    const data = { bench: markerValue({ step: 'f1-200', seq: 42, dueAt: 1763719200123.5 }), pad: 'x'.repeat(10) };
    const body = JSON.stringify({ id: 'msg_1', type: 'message.sent', data: { object: data } });
    expect(findMarker(body)).toEqual({ step: 'f1-200', seq: 42, dueAt: 1763719200123.5 });
  });

  it('finds nothing in an unrelated body', () => {
    expect(findMarker('{"id":"msg_1","data":{"object":{"n":1}}}')).toBeUndefined();
  });
});

import type { EndpointState } from './endpoint.state';
import { planFanOut } from './fan-out.plan';
import { messageIdFor } from './message-id';
import { deliveryJob, planMessage, type NewMessage } from './message.plan';

const endpoint = (endpointId: string): EndpointState => ({ endpointId }) as EndpointState;
const acceptedAt = new Date('2026-12-05T10:00:00.000Z');
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const message: NewMessage = {
  messageId: messageIdFor('proj_1', 'evt_1'),
  eventId: 'evt_1',
  eventType: 'message.read',
  projectId: 'proj_1',
  data: { id: 42 },
  createdAt: 1_764_928_000,
  traceparent,
};

describe('deliveryJob', () => {
  it('carries the message, the endpoint and the attempt, due now', () => {
    expect(deliveryJob(message, 'ep_1', 7, null, 'resend')).toStrictEqual({
      v: 1,
      messageId: message.messageId,
      endpointId: 'ep_1',
      attempt: 7,
      eventType: 'message.read',
      projectId: 'proj_1',
      data: { id: 42 },
      createdAt: 1_764_928_000,
      dueAt: null,
      traceparent: null,
      origin: 'resend',
    });
  });

  it('leaves origin out for a fan-out job, as jobs written before the field', () => {
    expect(Object.keys(deliveryJob(message, 'ep_1', 1, traceparent))).not.toContain('origin');
  });
});

describe('planMessage', () => {
  it('accepts the message for every subscriber and makes each a first attempt', () => {
    const plan = planMessage(message, [endpoint('ep_a'), endpoint('ep_b')], acceptedAt, 'test');
    expect(plan.accepted).toMatchObject({ type: 'MessageAccepted', eventId: 'evt_1', acceptedAt: '2026-12-05T10:00:00.000Z', endpointIds: ['ep_a', 'ep_b'] });
    expect(plan.jobs.map((job) => [job.endpointId, job.attempt, job.origin])).toEqual([
      ['ep_a', 1, 'test'],
      ['ep_b', 1, 'test'],
    ]);
  });

  // Ingest's fan-out plan must make exactly what planMessage makes, until it delegates to it.
  it('makes what the fan-out plan makes for the same input event', () => {
    const subscribers = [endpoint('ep_a'), endpoint('ep_b')];
    const event = { id: 'evt_1', type: 'message.read', projectId: 'proj_1', data: { id: 42 }, createdAt: 1_764_928_000 };
    expect(planMessage(message, subscribers, acceptedAt)).toStrictEqual(
      planFanOut({ event, messageId: message.messageId }, subscribers, acceptedAt, traceparent),
    );
  });
});

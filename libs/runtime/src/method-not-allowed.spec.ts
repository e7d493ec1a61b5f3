import { templatePattern } from './method-not-allowed';

describe('documented path templates', () => {
  it('match one segment per parameter, and nothing else', () => {
    const pattern = templatePattern('/v1/endpoints/{id}/messages/{messageId}/resend');
    expect(pattern.test('/v1/endpoints/ep_1/messages/msg_2/resend')).toBe(true);
    expect(pattern.test('/v1/endpoints/ep_1/messages/msg_2/resend/')).toBe(true);
    expect(pattern.test('/v1/endpoints/ep_1/x/messages/msg_2/resend')).toBe(false);
    expect(pattern.test('/v1/endpoints//messages/msg_2/resend')).toBe(false);
    expect(templatePattern('/v1/events').test('/v1/eventsX')).toBe(false);
  });
});

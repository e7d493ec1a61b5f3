import { EndpointHealthTracker } from './endpoint-health';

describe('EndpointHealthTracker', () => {
  it('turns failing on exhaustion once, and healthy again on a success', () => {
    const health = new EndpointHealthTracker(5_000);
    expect(health.succeeded('ep').healthChanged).toBeNull();
    expect(health.exhausted('ep').healthChanged).toBe('failing');
    expect(health.exhausted('ep').healthChanged).toBeNull();
    expect(health.succeeded('ep').healthChanged).toBe('healthy');
    expect(health.succeeded('ep').healthChanged).toBeNull();
  });

  it('asks for a disable after the period without a success, and not before', () => {
    const health = new EndpointHealthTracker(5_000);
    expect(health.failed('ep', 1_000).disableReason).toBeNull();
    expect(health.failed('ep', 5_999).disableReason).toBeNull();
    expect(health.failed('ep', 6_000).disableReason).toMatch(/no successful delivery/);
    health.succeeded('ep');
    expect(health.failed('ep', 7_000).disableReason).toBeNull();
  });
});

import { eventually, useDispatcherUnderTest, type WebhookReceiver } from '@hookline/testing';

describe('dispatcher: outbound requests never reach private addresses unless allowed', () => {
  // The test run allows private networks everywhere else; this engine does not.
  const dispatch = useDispatcherUnderTest({ env: { HOOKLINE_ALLOW_PRIVATE_NETWORKS: 'false' } });
  let hook: WebhookReceiver;

  beforeAll(async () => {
    hook = await dispatch.receiver();
  });

  it.each([
    ['a loopback IP literal', () => hook.url],
    ['a name resolving to loopback', () => hook.url.replace('127.0.0.1', 'localhost')],
    ['a private address', () => 'http://10.0.0.1/webhooks'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data'],
    // IPv6 forms that carry a forbidden IPv4 address (issue 11): judged by the address they carry.
    ['loopback behind NAT64', () => hook.url.replace('127.0.0.1', '[64:ff9b::7f00:1]')],
    ['loopback as IPv4-compatible IPv6', () => hook.url.replace('127.0.0.1', '[::127.0.0.1]')],
    ['the metadata address behind NAT64', () => 'http://[64:ff9b::a9fe:a9fe]/latest/meta-data'],
  ])(
    'refuses %s, records why, and does not retry into it',
    async (_what, url) => {
      const { endpointId } = await dispatch.bus.createEndpoint(url(), { retrySchedule: [1000, 1000] });
      await dispatch.bus.sendJobs(endpointId, 1);
      // The blocked attempt ends the message for this endpoint at once: one AttemptFailed, then MessageExhausted.
      await eventually(
        async () => dispatch.bus.factsOf(endpointId, 'MessageExhausted'),
        (f) => f.length === 1,
        { timeoutMs: 30_000 },
      );
      const failures = dispatch.bus.factsOf(endpointId, 'AttemptFailed');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ reason: 'blocked_address', statusCode: null, nextAttemptAt: null, attempt: 1 });
      expect(failures[0]?.error).toMatch(/not allowed/);
      expect(hook.requests).toHaveLength(0);
    },
    60_000,
  );
});

import { DispatchTestBus } from './harness/endpoint-facts';
import { startEngine, type RunningEngine } from './harness/engine';
import { eventually } from './harness/eventually';
import { startWebhookReceiver, type WebhookReceiver } from './harness/webhook-receiver';

describe('dispatcher: outbound requests never reach private addresses unless allowed', () => {
  let engine: RunningEngine;
  let bus: DispatchTestBus;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    // The test run allows private networks everywhere else; this engine does not.
    engine = await startEngine({ HOOKLINE_ALLOW_PRIVATE_NETWORKS: 'false' }, ['dispatcher']);
    bus = new DispatchTestBus(engine.brokers, engine.topics);
    await bus.start();
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await bus?.stop();
    await hook?.close();
  }, 60_000);

  it.each([
    ['a loopback IP literal', () => hook.url],
    ['a name resolving to loopback', () => hook.url.replace('127.0.0.1', 'localhost')],
    ['a private address', () => 'http://10.0.0.1/webhooks'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data'],
  ])('refuses %s and records why', async (_what, url) => {
    const { endpointId } = await bus.createEndpoint(url(), { retrySchedule: [1000] });
    await bus.sendJobs(endpointId, 1);
    const failures = await eventually(async () => bus.factsOf(endpointId, 'AttemptFailed'), (f) => f.length === 2, { timeoutMs: 30_000 });
    for (const failure of failures) {
      expect(failure).toMatchObject({ reason: 'blocked_address', statusCode: null });
      expect(failure.error).toMatch(/not allowed/);
    }
    expect(bus.factsOf(endpointId, 'MessageExhausted')).toHaveLength(1);
    expect(hook.requests).toHaveLength(0);
  }, 60_000);
});

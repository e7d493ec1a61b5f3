import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import type { AttemptFailed, EndpointDisabled } from '@hookline/contracts';
import { parseMasterKey, sealSecret, generateEndpointSecret } from '@hookline/domain';
import { eventually, type ReceivedRequest, useDispatcherUnderTest } from '@hookline/testing';

// Global setup runs every engine with HOOKLINE_RETRY_SCHEDULE=1s,2s,4s: four attempts, then exhausted.
const SCHEDULE = [1000, 2000, 4000];

describe('dispatcher: signing, retries through tiers, and what each failure leads to', () => {
  const dispatch = useDispatcherUnderTest();
  const receiver = dispatch.receiver;
  const idOf = (request: ReceivedRequest) => request.headers['webhook-id'] as string;

  it('signs every request so standardwebhooks, svix and a plain hex HMAC all verify it, through a rotation grace period', async () => {
    const hook = await receiver();
    const { endpointId, secret } = await dispatch.bus.createEndpoint(hook.url, {
      headers: { Authorization: 'Basic dXNlcjpwYXNz', 'X-Tenant': 'acme' },
      legacySignatureHeader: 'x-acme-signature',
    });
    await dispatch.bus.sendJobs(endpointId, 1);
    const [first] = await hook.waitForRequests(1);
    if (first === undefined) throw new Error('no request');
    const headers = first.headers as Record<string, string>;
    const body = JSON.parse(first.body);
    expect(new StandardWebhook(secret).verify(first.body, headers)).toEqual(body);
    expect(new SvixWebhook(secret).verify(first.body, headers)).toEqual(body);
    expect(headers['x-acme-signature']).toBe(createHmac('sha256', Buffer.from(secret, 'utf8')).update(first.body).digest('hex'));
    expect(headers).toMatchObject({
      'webhook-id': body.id,
      authorization: 'Basic dXNlcjpwYXNz',
      'x-tenant': 'acme',
      'x-project-id': 'proj_dispatch',
      'content-type': 'application/json',
    });
    expect(headers['user-agent']).toMatch(/^Hookline\//);
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(1);

    // Rotate with a grace period: both secrets sign, receivers on either one keep verifying.
    const next = generateEndpointSecret();
    await dispatch.bus.appendRegistryFact(endpointId, {
      type: 'EndpointSecretRotated',
      v: 1,
      endpointId,
      version: 2,
      at: new Date().toISOString(),
      secret: sealSecret(next, parseMasterKey(process.env.HOOKLINE_MASTER_KEY as string)),
      previousSecretExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the dispatcher's view follows registry
    await dispatch.bus.sendJobs(endpointId, 1, 1);
    const [, second] = await hook.waitForRequests(2);
    if (second === undefined) throw new Error('no second request');
    const rotatedHeaders = second.headers as Record<string, string>;
    expect(rotatedHeaders['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(new StandardWebhook(next).verify(second.body, rotatedHeaders)).toBeDefined();
    expect(new StandardWebhook(secret).verify(second.body, rotatedHeaders)).toBeDefined();
    expect(new SvixWebhook(next).verify(second.body, rotatedHeaders)).toBeDefined();
    expect(rotatedHeaders['x-acme-signature']).toBe(createHmac('sha256', Buffer.from(next, 'utf8')).update(second.body).digest('hex'));
  });

  it('retries a flaky receiver on the jittered schedule until success, once, and reports exhausted messages', async () => {
    // Message i fails its first (i % 3) attempts; every fifth message always fails.
    const failuresOf = (seq: number) => (seq % 5 === 4 ? Infinity : seq % 3);
    const attemptsSeen = new Map<string, number>();
    const hook = await receiver((request) => {
      const seq = (JSON.parse(request.body) as { data: { object: { seq: number } } }).data.object.seq;
      const seen = attemptsSeen.get(idOf(request)) ?? 0;
      attemptsSeen.set(idOf(request), seen + 1);
      return { status: seen < failuresOf(seq) ? 500 : 200, body: seen < failuresOf(seq) ? 'not yet' : 'ok' };
    });
    const { endpointId } = await dispatch.bus.createEndpoint(hook.url);
    const ids = await dispatch.bus.sendJobs(endpointId, 20);
    const doomed = ids.filter((_, seq) => failuresOf(seq) === Infinity);
    const expectedRequests = ids.reduce((sum, _, seq) => sum + (failuresOf(seq) === Infinity ? 4 : failuresOf(seq) + 1), 0);

    await eventually(
      async () => dispatch.bus.factsOf(endpointId, 'MessageExhausted').length,
      (n) => n === doomed.length,
      { timeoutMs: 90_000, what: 'every doomed message exhausted' },
    );
    await hook.waitForRequests(expectedRequests, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // nothing more may arrive
    expect(hook.requests).toHaveLength(expectedRequests);

    for (const [seq, messageId] of ids.entries()) {
      const requests = hook.requests.filter((r) => idOf(r) === messageId);
      const successes = dispatch.bus.factsOf(endpointId, 'AttemptSucceeded').filter((f) => f.messageId === messageId);
      const failures = dispatch.bus.factsOf(endpointId, 'AttemptFailed').filter((f) => f.messageId === messageId);
      if (failuresOf(seq) === Infinity) {
        expect(successes).toHaveLength(0);
        expect(failures.map((f) => f.attempt)).toEqual([1, 2, 3, 4]);
        expect(failures.at(-1)?.nextAttemptAt).toBeNull();
      } else {
        expect(successes.map((f) => f.attempt)).toEqual([failuresOf(seq) + 1]); // delivered exactly once, on the expected attempt
        expect(requests).toHaveLength(failuresOf(seq) + 1); // nothing after the success
      }
      // Each retry was scheduled within ±20 % of its delay after the failed attempt ended, and did not happen before it.
      for (const failure of failures.filter((f) => f.nextAttemptAt !== null)) {
        const scheduled = SCHEDULE[failure.attempt - 1] as number;
        const planned = Date.parse(failure.nextAttemptAt as string) - Date.parse(failure.at);
        expect(planned).toBeGreaterThanOrEqual(scheduled * 0.8);
        expect(planned).toBeLessThanOrEqual(scheduled * 1.2 + failure.durationMs + 20);
      }
      for (let n = 1; n < requests.length; n += 1) {
        const gap = (requests[n] as ReceivedRequest).receivedAt - (requests[n - 1] as ReceivedRequest).receivedAt;
        expect(gap).toBeGreaterThanOrEqual((SCHEDULE[n - 1] as number) * 0.8 - 50);
      }
    }
    const exhausted = dispatch.bus.factsOf(endpointId, 'MessageExhausted');
    expect(exhausted.map((f) => f.messageId).sort()).toEqual([...doomed].sort());
    expect(exhausted.every((f) => f.attempts === 4)).toBe(true);
    await eventually(
      async () => dispatch.bus.factsOf(endpointId, 'EndpointHealthChanged').map((f) => f.health),
      (healths) => healths[0] === 'failing',
      { what: 'the endpoint reported failing' },
    );
  }, 150_000);

  it('honours Retry-After on 429 and 503 within [scheduled, 2 × scheduled]', async () => {
    const hook = await receiver((request, index) => {
      if (index === 0) return { status: 429, headers: { 'retry-after': '60' } }; // clamped down to 2 × 1 s
      if (index === 1) return { status: 503, headers: { 'retry-after': new Date(Date.now() + 3_000).toUTCString() } }; // within [2 s, 4 s]
      return { status: 204 };
    });
    const { endpointId } = await dispatch.bus.createEndpoint(hook.url);
    await dispatch.bus.sendJobs(endpointId, 1);
    await hook.waitForRequests(3, 30_000);
    const [first, second] = dispatch.bus.factsOf(endpointId, 'AttemptFailed') as [AttemptFailed, AttemptFailed];
    expect(first).toMatchObject({ reason: 'rate_limited', statusCode: 429 });
    expect(Date.parse(first.nextAttemptAt as string) - Date.parse(first.at) - first.durationMs).toBeGreaterThanOrEqual(1_990);
    expect(Date.parse(first.nextAttemptAt as string) - Date.parse(first.at)).toBeLessThanOrEqual(2_000 + first.durationMs + 10);
    expect(second).toMatchObject({ reason: 'http_status', statusCode: 503 });
    const planned = Date.parse(second.nextAttemptAt as string) - Date.parse(second.at);
    expect(planned).toBeGreaterThanOrEqual(2_000);
    expect(planned).toBeLessThanOrEqual(4_000 + second.durationMs + 10);
    await eventually(
      async () => dispatch.bus.factsOf(endpointId, 'AttemptSucceeded').length,
      (n) => n === 1,
    );
    const gap = (hook.requests[1] as ReceivedRequest).receivedAt - (hook.requests[0] as ReceivedRequest).receivedAt;
    expect(gap).toBeGreaterThanOrEqual(1_950);
  }, 60_000);

  it('records a redirect as a failure without following it, and retries', async () => {
    const hook = await receiver((request) => (request.path === '/webhooks' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 }));
    const { endpointId } = await dispatch.bus.createEndpoint(hook.url, { retrySchedule: [1000] });
    await dispatch.bus.sendJobs(endpointId, 1);
    await eventually(
      async () => dispatch.bus.factsOf(endpointId, 'MessageExhausted').length,
      (n) => n === 1,
      { timeoutMs: 30_000 },
    );
    const failures = dispatch.bus.factsOf(endpointId, 'AttemptFailed');
    expect(failures.map((f) => [f.reason, f.statusCode, f.nextAttemptAt === null])).toEqual([
      ['redirect', 302, false],
      ['redirect', 302, true],
    ]);
    expect(hook.requests.every((r) => r.path === '/webhooks')).toBe(true);
  }, 60_000);

  it('records a timeout and a refused connection with their reasons and schedules the next attempt', async () => {
    const slow = await receiver(() => ({ status: 200, delayMs: 4_000 }));
    const timingOut = await dispatch.bus.createEndpoint(slow.url, { timeoutMs: 1_000 });
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const refused = await dispatch.bus.createEndpoint(`http://127.0.0.1:${closedPort}/webhooks`);
    await dispatch.bus.sendJobs(timingOut.endpointId, 1);
    await dispatch.bus.sendJobs(refused.endpointId, 1);
    const [timeout] = await eventually(
      async () => dispatch.bus.factsOf(timingOut.endpointId, 'AttemptFailed'),
      (f) => f.length >= 1,
      { timeoutMs: 30_000 },
    );
    expect(timeout).toMatchObject({ reason: 'timeout', statusCode: null, attempt: 1 });
    expect(timeout?.nextAttemptAt).not.toBeNull();
    const [connection] = await eventually(
      async () => dispatch.bus.factsOf(refused.endpointId, 'AttemptFailed'),
      (f) => f.length >= 1,
      { timeoutMs: 30_000 },
    );
    expect(connection).toMatchObject({ reason: 'connection_refused', statusCode: null, attempt: 1 });
    expect(connection?.nextAttemptAt).not.toBeNull();
    // And the retry really comes.
    await eventually(
      async () => dispatch.bus.factsOf(refused.endpointId, 'AttemptFailed').map((f) => f.attempt),
      (a) => a.includes(2),
      { timeoutMs: 30_000 },
    );
  }, 60_000);

  it('disables the endpoint on 410 Gone, holds its jobs, and delivers them once it is enabled again', async () => {
    let gone = true;
    const hook = await receiver(() => ({ status: gone ? 410 : 200 }));
    const { endpointId } = await dispatch.bus.createEndpoint(hook.url);
    const [first] = await dispatch.bus.sendJobs(endpointId, 1);
    const disabled = await eventually(
      async () => dispatch.bus.registryFacts.filter((f): f is EndpointDisabled => f.type === 'EndpointDisabled' && f.endpointId === endpointId),
      (facts) => facts.length >= 1,
      { timeoutMs: 30_000, what: 'EndpointDisabled on registry' },
    );
    expect(disabled[0]).toMatchObject({ version: 2, reason: expect.stringContaining('410') });
    expect(dispatch.bus.factsOf(endpointId, 'AttemptFailed')[0]).toMatchObject({ reason: 'gone', statusCode: 410, nextAttemptAt: null });

    // While disabled, nothing is attempted: neither the held job nor new ones.
    const later = await dispatch.bus.sendJobs(endpointId, 3, 1);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(hook.requests).toHaveLength(1);

    gone = false;
    await dispatch.bus.enableEndpoint(endpointId, 3);
    await hook.waitForRequests(5, 30_000);
    const delivered = await eventually(
      async () => dispatch.bus.factsOf(endpointId, 'AttemptSucceeded'),
      (facts) => facts.length === 4,
    );
    expect(new Set(delivered.map((f) => f.messageId))).toEqual(new Set([first, ...later]));
    expect(delivered.find((f) => f.messageId === first)?.attempt).toBe(2);
  }, 90_000);
});

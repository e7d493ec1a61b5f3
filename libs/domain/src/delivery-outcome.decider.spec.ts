import type { DeliveryJob } from '@hookline/contracts';
import { decideOutcome, type AttemptReport, type OutcomeState } from './delivery-outcome.decider';
import { UNKNOWN_HEALTH } from './endpoint-health';

const NOW = Date.UTC(2026, 0, 1);
const job: DeliveryJob = {
  v: 1,
  messageId: 'msg_1',
  endpointId: 'ep_1',
  attempt: 1,
  eventType: 'invoice.paid',
  projectId: 'proj_1',
  data: { amount: 1 },
  createdAt: NOW / 1000,
  dueAt: null,
  traceparent: null,
};
const state = (overrides: Partial<OutcomeState> = {}): OutcomeState => ({
  job,
  fifo: false,
  schedule: [1_000, 10_000],
  health: UNKNOWN_HEALTH,
  disableAfterMs: 60_000,
  tierDelays: [1_000, 5_000, 10_000],
  jitter: 0.5,
  ...overrides,
});
const report = (overrides: Partial<AttemptReport> = {}): AttemptReport => ({
  sendId: 'send_1',
  startedAt: new Date(NOW - 20),
  url: 'https://example.test/hook',
  recordedHeaders: { 'webhook-id': 'msg_1' },
  statusCode: 200,
  responseBodyPrefix: 'ok',
  durationMs: 19.6,
  retryAfter: null,
  failure: null,
  error: null,
  traceId: 'trace',
  ...overrides,
});

describe('decideOutcome', () => {
  it('finishes on any 2xx with one AttemptSucceeded fact', () => {
    for (const statusCode of [200, 204, 299]) {
      const decision = decideOutcome(state(), report({ statusCode }), NOW);
      expect(decision.succeeded).toBe(true);
      expect(decision.facts).toEqual([expect.objectContaining({ type: 'AttemptSucceeded', statusCode, attempt: 1, sendId: 'send_1', durationMs: 20 })]);
      expect(decision.records).toEqual([]);
      expect(decision.followup).toEqual({ type: 'finished' });
      expect(decision.disableReason).toBeNull();
    }
  });

  it('treats 3xx, 1xx-less statuses and transport failures as failures with their reason', () => {
    const reasons = [
      [302, null, 'redirect'],
      [429, null, 'rate_limited'],
      [500, null, 'http_status'],
      [null, 'timeout', 'timeout'],
      [null, null, 'network'],
    ] as const;
    for (const [statusCode, failure, reason] of reasons) {
      const decision = decideOutcome(state(), report({ statusCode, failure }), NOW);
      expect(decision.succeeded).toBe(false);
      expect(decision.facts[0]).toMatchObject({ type: 'AttemptFailed', reason });
    }
  });

  it('writes the retry job to the largest tier not above its delay, due at the jittered time', () => {
    const decision = decideOutcome(state(), report({ statusCode: 500 }), NOW);
    expect(decision.records).toEqual([{ reason: 'retry', tierDelayMs: 1_000, job: { ...job, attempt: 2, dueAt: NOW + 1_000 } }]);
    expect(decision.facts[0]).toMatchObject({ nextAttemptAt: new Date(NOW + 1_000).toISOString() });
    expect(decision.followup).toEqual({ type: 'finished' });

    const second = decideOutcome(state({ job: { ...job, attempt: 2 }, jitter: 0.99 }), report({ statusCode: 500 }), NOW);
    // 10 s ± 20 %: 11.96 s waits in the 10 s tier, never in one longer than its delay.
    expect(second.records[0]).toMatchObject({ tierDelayMs: 10_000, job: { attempt: 3, dueAt: NOW + 11_960 } });
  });

  it('honours Retry-After on 429 within [scheduled, 2 × scheduled]', () => {
    const decision = decideOutcome(state(), report({ statusCode: 429, retryAfter: '1.5' }), NOW);
    expect(decision.action).toMatchObject({ type: 'retry' });
    const honoured = decideOutcome(state(), report({ statusCode: 429, retryAfter: '60' }), NOW);
    expect(honoured.records[0]?.job.dueAt).toBe(NOW + 2_000);
  });

  it('keeps a fifo retry in place instead of writing it to a tier', () => {
    const decision = decideOutcome(state({ fifo: true }), report({ statusCode: 500 }), NOW);
    expect(decision.records).toEqual([]);
    expect(decision.followup).toEqual({ type: 'retry_in_place', job: { ...job, attempt: 2 }, dueAt: NOW + 1_000 });
  });

  it('exhausts after the schedule: AttemptFailed, MessageExhausted, and the endpoint turns failing', () => {
    const decision = decideOutcome(state({ job: { ...job, attempt: 3 } }), report({ statusCode: 500 }), NOW);
    expect(decision.facts.map((f) => f.type)).toEqual(['AttemptFailed', 'MessageExhausted', 'EndpointHealthChanged']);
    expect(decision.facts[0]).toMatchObject({ nextAttemptAt: null });
    expect(decision.facts[1]).toMatchObject({ attempts: 3, at: new Date(NOW).toISOString() });
    expect(decision.facts[2]).toMatchObject({ health: 'failing' });
    expect(decision.health.health).toBe('failing');
    expect(decision.records).toEqual([]);
    expect(decision.followup).toEqual({ type: 'finished' });
  });

  it('exhausts at once on a blocked address, without any retry', () => {
    const decision = decideOutcome(state(), report({ statusCode: null, failure: 'blocked_address' }), NOW);
    expect(decision.action).toEqual({ type: 'exhausted' });
    expect(decision.facts[0]).toMatchObject({ reason: 'blocked_address' });
  });

  it('on 410 disables the endpoint and parks the next attempt, or holds it at a fifo head', () => {
    const unordered = decideOutcome(state(), report({ statusCode: 410 }), NOW);
    expect(unordered.disableReason).toMatch(/410/);
    expect(unordered.facts.map((f) => f.type)).toEqual(['AttemptFailed']);
    expect(unordered.records).toEqual([{ reason: 'park', tierDelayMs: 1_000, job: { ...job, attempt: 2, dueAt: NOW + 1_000 } }]);

    const fifo = decideOutcome(state({ fifo: true }), report({ statusCode: 410 }), NOW);
    expect(fifo.records).toEqual([]);
    expect(fifo.followup).toEqual({ type: 'hold', job: { ...job, attempt: 2 } });
  });

  it('announces recovery on the first success after failing, and asks for a disable after the period', () => {
    const recovered = decideOutcome(state({ health: { health: 'failing', failingSince: NOW - 10 } }), report(), NOW);
    expect(recovered.facts.map((f) => f.type)).toEqual(['AttemptSucceeded', 'EndpointHealthChanged']);
    expect(recovered.healthChanged).toBe('healthy');

    const stale = decideOutcome(state({ health: { health: null, failingSince: NOW - 60_000 } }), report({ statusCode: 500 }), NOW);
    expect(stale.disableReason).toMatch(/no successful delivery for 60 s/);
    expect(stale.health.failingSince).toBe(NOW);
  });
});

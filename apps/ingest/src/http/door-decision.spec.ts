import { decideEarly, settleOnCurrentView, type DoorDecisionSteps, type DoorVerdict } from './door-decision';
import type { DoorEvent } from './publish-event';

const accepted = (type: string): DoorVerdict => ({
  kind: 'event',
  event: { event: { id: 'evt_1', type, projectId: 'proj_1', data: {} }, messageId: 'msg_1', accountId: 'acc_1', producerGaveId: true } as DoorEvent,
});
const unknownType: DoorVerdict = { kind: 'rejected', reason: 'unknown_event_type', message: 'form.submitted is not registered' };

/**
 * A fake view: `decide` reads the verdict for the version it is at, and the
 * version moves to `currentVersion` when the registry wait resolves (facts
 * acknowledged before the request arrived, applied meanwhile).
 */
function steps(verdictAt: (version: number) => DoorVerdict, currentVersion: number, wait: 'resolves' | 'rejects' = 'resolves') {
  let version = 5;
  const calls: number[] = [];
  let settle!: () => void;
  const viewCurrent = new Promise<void>((resolve, reject) => {
    settle = () => {
      version = currentVersion;
      if (wait === 'resolves') resolve();
      else reject(new Error('registry view did not catch up within 10000 ms'));
    };
  });
  const s: DoorDecisionSteps = {
    viewVersion: () => version,
    decide: () => {
      calls.push(version);
      return verdictAt(version);
    },
    viewCurrent,
  };
  return { steps: s, calls, catchUp: () => settle() };
}

describe('deciding a door request before its view is current', () => {
  it('accepts at once on the view as it is, without waiting for the registry', async () => {
    const { steps: s, calls } = steps(() => accepted('message.sent'), 5);
    // The wait never settles here: an early acceptance must not depend on it.
    await expect(decideEarly(s)).resolves.toEqual({ verdict: accepted('message.sent'), decidedAt: 5 });
    expect(calls).toEqual([5]);
  });

  it('never refuses from a view that may be behind: it waits, and decides again on the current view', async () => {
    // The event type was registered (fact 6) just before the request arrived.
    const { steps: s, calls, catchUp } = steps((version) => (version >= 6 ? accepted('form.submitted') : unknownType), 6);
    const early = decideEarly(s);
    catchUp();
    await expect(early).resolves.toEqual({ verdict: accepted('form.submitted'), decidedAt: 6 });
    expect(calls).toEqual([5, 6]);
  });

  it('refuses once the current view refuses too', async () => {
    const { steps: s, catchUp } = steps(() => unknownType, 7);
    const early = decideEarly(s);
    catchUp();
    await expect(early).resolves.toEqual({ verdict: unknownType, decidedAt: 7 });
  });

  it('answers 503 (failed) rather than a refusal when the view cannot catch up', async () => {
    const { steps: s, catchUp } = steps(() => unknownType, 5, 'rejects');
    const early = decideEarly(s);
    catchUp();
    await expect(early).resolves.toEqual({
      verdict: { kind: 'failed', message: 'the registry view is not current: registry view did not catch up within 10000 ms' },
      decidedAt: 5,
    });
  });
});

describe('settling an early decision once the view is current', () => {
  it('keeps the early verdict when no registry fact arrived since, without deciding again', () => {
    const { steps: s, calls } = steps(() => accepted('message.sent'), 5);
    expect(settleOnCurrentView({ verdict: accepted('message.sent'), decidedAt: 5 }, null, s)).toEqual(accepted('message.sent'));
    expect(calls).toEqual([]);
  });

  it('decides again when facts arrived: an event type archived before the request arrived refuses it', () => {
    const { steps: s, catchUp } = steps((version) => (version >= 6 ? unknownType : accepted('message.sent')), 6);
    catchUp();
    expect(settleOnCurrentView({ verdict: accepted('message.sent'), decidedAt: 5 }, null, s)).toEqual(unknownType);
  });

  it('fails the request when its view could not catch up', () => {
    const { steps: s } = steps(() => accepted('message.sent'), 5);
    const notCurrent = { kind: 'failed', message: 'the registry view is not current: timeout' } as const;
    expect(settleOnCurrentView({ verdict: accepted('message.sent'), decidedAt: 5 }, notCurrent, s)).toEqual(notCurrent);
  });
});

import type { Logger } from '@nestjs/common';
import type { DeliveryJob } from '@hookline/contracts';
import type { EndpointState } from '@hookline/domain';
import type { AttemptOutcome } from '../attempt/attempt-handler';
import { EndpointLane, type LaneDeps } from './endpoint-lane';

const job = (n: number): DeliveryJob => ({
  v: 1,
  messageId: `msg_${n}`,
  endpointId: 'ep',
  attempt: 1,
  eventType: 't',
  projectId: 'p',
  data: {},
  createdAt: 0,
  dueAt: null,
  traceparent: null,
});
const endpoint = { endpointId: 'ep', status: 'enabled' } as EndpointState;

/** An attempt answered at once whose outcome becomes durable when the test says so. */
interface Pending {
  readonly messageId: string;
  settle(): void;
  fail(): void;
}

function lane(fifo: boolean, concurrency = 2, keepsSlot = false) {
  const started: Pending[] = [];
  const done: string[] = [];
  const hurried: number[] = [];
  const deps: LaneDeps = {
    hurryRecording: () => hurried.push(started.length),
    endpoint: () => endpoint,
    attempt: async (attemptJob) => {
      let settle!: () => void;
      let fail!: () => void;
      const recorded = new Promise<void>((resolve, reject) => {
        settle = resolve;
        fail = () => reject(new Error('write failed'));
      });
      started.push({ messageId: attemptJob.messageId, settle, fail });
      const outcome: AttemptOutcome = { followup: { type: 'finished' }, recorded, keepsSlot };
      return outcome;
    },
    park: async () => undefined,
    onIdle: () => undefined,
    rateLimit: () => null,
    admission: { waitBudgetMs: 10_000, holdLimitMs: 60_000, tierDelays: [1_000] },
    concurrency,
    queueLimit: 100,
    recheckMs: 1_000,
    logger: { warn: () => undefined, error: () => undefined } as unknown as Logger,
  };
  const subject = new EndpointLane('ep', fifo, null, deps);
  const enqueue = (n: number) => subject.enqueue(job(n), () => done.push(`msg_${n}`));
  return { subject, started, done, enqueue, hurried };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** An unordered lane whose attempts are answered (and recorded) only when the test says, on a clock the test moves. */
function answeredLane(concurrency: number, queueLimit: number) {
  const waiting: Array<() => void> = [];
  const deps: LaneDeps = {
    hurryRecording: () => undefined,
    endpoint: () => endpoint,
    attempt: () =>
      new Promise<AttemptOutcome>((resolve) => {
        waiting.push(() => resolve({ followup: { type: 'finished' }, recorded: Promise.resolve(), keepsSlot: false }));
      }),
    park: async () => undefined,
    onIdle: () => undefined,
    rateLimit: () => null,
    admission: { waitBudgetMs: 10_000, holdLimitMs: 60_000, tierDelays: [1_000, 60_000, 300_000] },
    concurrency,
    queueLimit,
    recheckMs: 1_000,
    logger: { warn: () => undefined, error: () => undefined } as unknown as Logger,
  };
  const subject = new EndpointLane('ep', false, null, deps);
  /** Answers the attempts in flight now. */
  const answer = async () => {
    for (const respond of waiting.splice(0)) respond();
    await turn();
  };
  return { subject, answer, enqueue: (n: number) => subject.enqueue(job(n), () => undefined) };
}

describe('EndpointLane', () => {
  it('frees an unordered slot once the response is read, and releases the job only once its outcome is durable', async () => {
    const { started, done, enqueue, subject } = lane(false, 2);
    for (let n = 0; n < 3; n += 1) enqueue(n);
    await turn();
    // Two slots, but no write has finished: the third went out on a freed slot, none is released.
    // (Held through the write, as before, only the first two would have gone out.)
    expect(started.map((p) => p.messageId)).toEqual(['msg_0', 'msg_1', 'msg_2']);
    expect(done).toEqual([]);
    expect(subject.isIdle()).toBe(false);
    started[1]?.settle();
    await turn();
    expect(done).toEqual(['msg_1']);
    for (const pending of started) pending.settle();
    await subject.settled();
    expect(done.sort()).toEqual(['msg_0', 'msg_1', 'msg_2']);
    expect(subject.isIdle()).toBe(true);
  });

  it('has at most twice its concurrency sent and not yet recorded, so a crash loses at most that many rows', async () => {
    const { started, done, enqueue, subject, hurried } = lane(false, 2);
    for (let n = 0; n < 6; n += 1) enqueue(n);
    await turn();
    // Four answered and being written (twice the concurrency of two): the fifth waits for a write to finish,
    // and the lane asks the writer not to linger over the writes it waits on.
    expect(started.map((p) => p.messageId)).toEqual(['msg_0', 'msg_1', 'msg_2', 'msg_3']);
    expect(hurried).toContain(4);
    expect(hurried.every((startedThen) => startedThen === 4)).toBe(true);
    started[0]?.settle();
    await turn();
    expect(done).toEqual(['msg_0']);
    expect(started.map((p) => p.messageId)).toEqual(['msg_0', 'msg_1', 'msg_2', 'msg_3', 'msg_4']);
    for (const pending of started) pending.settle();
    await turn();
    for (const pending of started) pending.settle();
    await subject.settled();
    expect(done.sort()).toEqual(['msg_0', 'msg_1', 'msg_2', 'msg_3', 'msg_4', 'msg_5']);
  });

  it('keeps the fifo slot until the outcome is durable: the next attempt waits for it', async () => {
    const { started, done, enqueue, subject } = lane(true);
    enqueue(0);
    enqueue(1);
    await turn();
    expect(started.map((p) => p.messageId)).toEqual(['msg_0']);
    started[0]?.settle();
    await turn();
    expect(done).toEqual(['msg_0']);
    expect(started.map((p) => p.messageId)).toEqual(['msg_0', 'msg_1']);
    started[1]?.settle();
    await subject.settled();
  });

  it('keeps the slot while a decided disable is written, so nothing more goes out first', async () => {
    const { started, enqueue, subject } = lane(false, 1, true);
    enqueue(0);
    enqueue(1);
    await turn();
    expect(started.map((p) => p.messageId)).toEqual(['msg_0']);
    started[0]?.settle();
    await turn();
    expect(started.map((p) => p.messageId)).toEqual(['msg_0', 'msg_1']);
    started[1]?.settle();
    await subject.settled();
  });

  it('counts jobs being recorded against the queue limit and puts a job whose write failed back, not done', async () => {
    const { started, done, enqueue, subject } = lane(false, 1);
    enqueue(0);
    await turn();
    expect(subject.isIdle()).toBe(false);
    started[0]?.fail();
    await turn();
    expect(done).toEqual([]);
    // Back in the queue (attempted again after the write backoff), so the lane is not idle.
    expect(subject.isIdle()).toBe(false);
    subject.stop();
  });

  describe('rate, as admission sees it', () => {
    beforeEach(() => jest.useFakeTimers({ now: 0, doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it('is not judged by its first answers alone: a cold lane with a backlog that then answers fast is waited for, not parked', async () => {
      const { subject, answer, enqueue } = answeredLane(10, 200);
      for (let n = 0; n < 200; n += 1) enqueue(n);
      // Cold connections: the first ten answers take 900 ms; after that each round of ten takes 20 ms (500/s).
      jest.setSystemTime(900);
      await answer();
      // Its partition keeps it full.
      for (let n = 200; n < 210; n += 1) enqueue(n);
      jest.setSystemTime(1_000);
      const early = subject.load(true, Date.now());
      expect(early.hasRoom).toBe(false);
      // Measured from the backlog's arrival this lane looked like 10/s (20 s to drain: parked for a minute).
      expect(subject.admission.admit('msg_new', 'fresh', early)).toEqual({ type: 'wait' });
      let next = 210;
      for (let at = 920; at <= 1_900; at += 20) {
        jest.setSystemTime(at);
        await answer();
        for (const end = next + 10; next < end; next += 1) enqueue(next);
      }
      const later = subject.load(true, Date.now());
      expect(later.hasRoom).toBe(false);
      // Trusted a second after the first answers, with the fast ones counted: the wait stays well within budget.
      expect(later.perSecond).toBeGreaterThan(200);
      expect(subject.admission.admit('msg_later', 'fresh', later)).toEqual({ type: 'wait' });
      subject.stop();
    });

    it('takes a slow lane at the pace of its bursts of answers, not lower in the silence between them', async () => {
      const { subject, answer, enqueue } = answeredLane(10, 50);
      for (let n = 0; n < 50; n += 1) enqueue(n);
      // All ten in flight answer together every 6 s: 10 per 6 s.
      jest.setSystemTime(6_000);
      await answer();
      jest.setSystemTime(9_500);
      expect(subject.load(true, Date.now()).perSecond).toBeCloseTo(10 / 6, 5);
      jest.setSystemTime(12_000);
      await answer();
      expect(subject.load(true, Date.now()).perSecond).toBeCloseTo(20 / 10, 5);
      subject.stop();
    });

    it('still finds a lane that answers slowly slow, and parks its overflow', async () => {
      const { subject, answer, enqueue } = answeredLane(10, 200);
      for (let n = 0; n < 200; n += 1) enqueue(n);
      // Ten answers a second, from the first second on: 190 held take 19 s, over the 10 s budget.
      for (let at = 1_000; at <= 3_000; at += 1_000) {
        jest.setSystemTime(at);
        await answer();
      }
      // Its partition keeps it full.
      for (let n = 200; n < 230; n += 1) enqueue(n);
      const load = subject.load(true, Date.now());
      expect(load.hasRoom).toBe(false);
      expect(subject.admission.admit('msg_new', 'fresh', load)).toMatchObject({ type: 'park', delayMs: 60_000 });
      subject.stop();
    });
  });
});

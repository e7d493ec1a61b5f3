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
  const deps: LaneDeps = {
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
  return { subject, started, done, enqueue };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('EndpointLane', () => {
  it('frees an unordered slot once the response is read, and releases the job only once its outcome is durable', async () => {
    const { started, done, enqueue, subject } = lane(false, 2);
    for (let n = 0; n < 5; n += 1) enqueue(n);
    await turn();
    // Two slots, but no write has finished: every job was sent, none is released.
    // (Held through the write, as before, only the first two would have gone out.)
    expect(started.map((p) => p.messageId)).toEqual(['msg_0', 'msg_1', 'msg_2', 'msg_3', 'msg_4']);
    expect(done).toEqual([]);
    expect(subject.isIdle()).toBe(false);
    started[3]?.settle();
    await turn();
    expect(done).toEqual(['msg_3']);
    for (const pending of started) pending.settle();
    await subject.settled();
    expect(done.sort()).toEqual(['msg_0', 'msg_1', 'msg_2', 'msg_3', 'msg_4']);
    expect(subject.isIdle()).toBe(true);
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
});

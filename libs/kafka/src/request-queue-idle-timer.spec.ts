import { kafkajsRequestQueue, stopIdleRequestQueueTimers, type RequestQueueInternals } from './request-queue-idle-timer';

/** The real kafkajs RequestQueue, driven by hand: requests are "sent" into a list and answered by correlation id. */
interface DrivenQueue extends RequestQueueInternals {
  push(request: object): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, namespace: () => silent };

function openQueue(maxInFlightRequests: number | null = null): { queue: DrivenQueue; sent: number[]; checks: () => number } {
  const RequestQueue = kafkajsRequestQueue() as unknown as new (options: object) => DrivenQueue;
  const queue = new RequestQueue({
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'spec:9092',
    logger: silent,
  });
  let checks = 0;
  const check = queue.checkPendingRequests.bind(queue);
  queue.checkPendingRequests = () => {
    checks += 1;
    check();
  };
  return { queue, sent: [], checks: () => checks };
}

function push(driven: { queue: DrivenQueue; sent: number[] }, correlationId: number): void {
  driven.queue.push({
    entry: { correlationId, apiKey: 0, apiName: 'Produce', apiVersion: 7, resolve: () => undefined, reject: () => undefined },
    expectResponse: true,
    sendRequest: () => driven.sent.push(correlationId),
  });
}

const answer = (queue: DrivenQueue, correlationId: number) => queue.fulfillRequest({ correlationId, payload: Buffer.alloc(0), size: 0 });

describe('kafkajs RequestQueue with the idle-timer fix', () => {
  beforeAll(() => stopIdleRequestQueueTimers());
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('arms no timer once an answered request leaves nothing pending (kafkajs re-armed one every millisecond, for ever)', () => {
    const driven = openQueue();
    push(driven, 1);
    answer(driven.queue, 1);
    expect(driven.queue.throttleCheckTimeoutId).toBeNull();
    const checksAfterAnswer = driven.checks();
    jest.advanceTimersByTime(1_000);
    expect(driven.checks()).toBe(checksAfterAnswer);
    driven.queue.destroy();
  });

  it('still sends a request held back by client-side throttling when the throttle ends', () => {
    const driven = openQueue();
    driven.queue.maybeThrottle(50);
    push(driven, 1);
    expect(driven.sent).toEqual([]);
    jest.advanceTimersByTime(49);
    expect(driven.sent).toEqual([]);
    jest.advanceTimersByTime(2);
    expect(driven.sent).toEqual([1]);
    answer(driven.queue, 1);
    expect(driven.queue.throttleCheckTimeoutId).toBeNull();
    driven.queue.destroy();
  });

  it('still sends a request held by the in-flight limit when an answer frees a slot', () => {
    const driven = openQueue(1);
    push(driven, 1);
    push(driven, 2);
    expect(driven.sent).toEqual([1]);
    answer(driven.queue, 1);
    expect(driven.sent).toEqual([1, 2]);
    answer(driven.queue, 2);
    // The re-check armed while request 2 waited fires once, finds nothing pending, and is not armed again.
    jest.advanceTimersByTime(10);
    expect(driven.queue.throttleCheckTimeoutId).toBeNull();
    driven.queue.destroy();
  });
});

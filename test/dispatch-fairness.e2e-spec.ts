import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { spawnApp, waitUntilReady, type AppProcess } from '../tools/local-stack/app-processes';
import { freePorts } from '../tools/local-stack/free-port';
import { stopChild } from '../tools/local-stack/stop-child';
import { DispatchTestBus, eventually, newEndpointId, partitionOf, type ReceivedRequest, startEngine, useDispatcherUnderTest } from '@hookline/testing';

const PARTITIONS = 3; // what startEngine provisions
/** The most arrivals in any window of `windowMs` (every window starting at an arrival; the fullest one does). */
function worstWindow(sortedTimes: readonly number[], windowMs: number): number {
  let worst = 0;
  let from = 0;
  for (let to = 0; to < sortedTimes.length; to += 1) {
    while ((sortedTimes[to] as number) - (sortedTimes[from] as number) >= windowMs) from += 1;
    worst = Math.max(worst, to - from + 1);
  }
  return worst;
}
const seqOf = (request: ReceivedRequest) => (JSON.parse(request.body) as { data: { object: { seq: number } } }).data.object.seq;

describe('dispatcher: isolation, rate limits, fifo, and crashes', () => {
  // A small per-endpoint queue, so the fifo and rate-limit runs also go through parking.
  const dispatch = useDispatcherUnderTest({ env: { HOOKLINE_ENDPOINT_QUEUE_LIMIT: '100' } });
  const receiver = dispatch.receiver;

  it('lets a fast endpoint finish while a slow one on the same partition is still working, committing only up to the slow job', async () => {
    const slow = await receiver(() => ({ status: 200, delayMs: 5_000 }));
    const fast = await receiver(() => ({ status: 204 }));
    const slowId = newEndpointId();
    let fastId = newEndpointId();
    while (partitionOf(fastId, PARTITIONS) !== partitionOf(slowId, PARTITIONS)) fastId = newEndpointId();
    const partition = partitionOf(slowId, PARTITIONS);
    await dispatch.bus.createEndpoint(slow.url, { timeoutMs: 15_000 }, slowId);
    await dispatch.bus.createEndpoint(fast.url, {}, fastId);

    const admin = new Kafka({ clientId: 'fairness-test', brokers: dispatch.engine.brokers, logLevel: logLevel.ERROR }).admin();
    await admin.connect();
    try {
      const before = (await admin.fetchTopicOffsets(dispatch.engine.topics.deliveries)).find((p) => p.partition === partition)?.high as string;
      await dispatch.bus.sendJobs(slowId, 3);
      await dispatch.bus.sendJobs(fastId, 30);
      const fastDone = await eventually(
        async () => dispatch.bus.factsOf(fastId, 'AttemptSucceeded'),
        (f) => f.length === 30,
        { timeoutMs: 30_000 },
      );
      // Completion order: every fast delivery is recorded before any slow one.
      expect(dispatch.bus.factsOf(slowId, 'AttemptSucceeded')).toHaveLength(0);
      const lastFast = dispatch.bus.deliveryFacts.indexOf(fastDone[fastDone.length - 1] as never);
      // The slow jobs are first in the partition and unfinished: the commit may not pass them.
      await new Promise((resolve) => setTimeout(resolve, 600)); // past the commit debounce
      const committed = async () =>
        (await admin.fetchOffsets({ groupId: `${dispatch.engine.prefix}dispatcher`, topics: [dispatch.engine.topics.deliveries] }))[0]?.partitions.find(
          (p) => p.partition === partition,
        )?.offset;
      if (dispatch.bus.factsOf(slowId, 'AttemptSucceeded').length === 0) expect(BigInt((await committed()) as string)).toBeLessThanOrEqual(BigInt(before));
      await eventually(
        async () => dispatch.bus.factsOf(slowId, 'AttemptSucceeded').length,
        (n) => n === 3,
        { timeoutMs: 30_000 },
      );
      const firstSlow = dispatch.bus.deliveryFacts.findIndex((f) => f.type === 'AttemptSucceeded' && f.endpointId === slowId);
      expect(firstSlow).toBeGreaterThan(lastFast);
      await eventually(committed, (offset) => offset !== undefined && BigInt(offset) >= BigInt(before) + 33n, { what: 'commit after the slow jobs' });
    } finally {
      await admin.disconnect();
    }
  }, 90_000);

  it('gives endpoints that share an origin their own concurrency each: 4 endpoints × 10 slots are 40 requests open at once to one host', async () => {
    // Answers only after the test: every request the dispatcher sends stays open. With the old pool of 32 connections
    // per origin, 8 of the 40 waited for a connection, so 100 endpoints behind one host (the bench's spread group,
    // a SaaS receiving many customers' hooks) shared 32 slots: 640 requests/s at 50 ms (issue 14).
    const hook = await receiver(() => ({ status: 204, delayMs: 40_000 }));
    const endpoints = await Promise.all(Array.from({ length: 4 }, () => dispatch.bus.createEndpoint(hook.url, { timeoutMs: 45_000 })));
    try {
      await Promise.all(endpoints.map(({ endpointId }) => dispatch.bus.sendJobs(endpointId, 10)));
      const open = await hook.waitForRequests(40, 30_000);
      expect(new Set(open.map((r) => r.headers['webhook-id'])).size).toBe(40);
    } finally {
      await hook.close(); // the open requests fail now instead of holding the suite's shutdown drain
    }
  }, 60_000);

  it('keeps 2,000 messages to an endpoint limited to 100/s within 105/s over every 10 s window, and delivers them all', async () => {
    const hook = await receiver(() => ({ status: 204 }));
    const { endpointId } = await dispatch.bus.createEndpoint(hook.url, { rateLimitPerSecond: 100 });
    const ids = await dispatch.bus.sendJobs(endpointId, 2000);
    await hook.waitForRequests(2000, 120_000);
    const received = new Set(hook.requests.map((r) => r.headers['webhook-id']));
    expect(ids.every((id) => received.has(id))).toBe(true);
    const times = hook.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    const first = times[0] as number;
    const last = times[times.length - 1] as number;
    let worst = 0;
    for (let from = first; from + 10_000 <= last; from += 100) {
      const count = times.filter((t) => t >= from && t < from + 10_000).length;
      worst = Math.max(worst, count);
    }
    expect(worst).toBeLessThanOrEqual(1050);
    expect(worst).toBeGreaterThan(800); // and the limit is not an accident of a slow dispatcher
    // The dispatcher's own start times (attempt facts, ms): never more than the limit in any 1 s window.
    const starts = await eventually(
      async () => dispatch.bus.factsOf(endpointId, 'AttemptSucceeded'),
      (f) => f.length >= 2000,
    );
    expect(
      worstWindow(
        starts.map((f) => Date.parse(f.at)).sort((a, b) => a - b),
        1_000,
      ),
    ).toBeLessThanOrEqual(100);
  }, 180_000);

  it('keeps an endpoint limited to 20/s to 20 starts in every sliding 1 s window and its arrivals within 5 % of it (the token bucket alone let 24 through)', async () => {
    const hook = await receiver(() => ({ status: 204 }));
    const { endpointId } = await dispatch.bus.createEndpoint(hook.url, { rateLimitPerSecond: 20 });
    // Sent before the lane exists, so the first second starts with a full backlog (where the burst showed).
    const ids = await dispatch.bus.sendJobs(endpointId, 300);
    await hook.waitForRequests(300, 60_000);
    const received = new Set(hook.requests.map((r) => r.headers['webhook-id']));
    expect(ids.every((id) => received.has(id))).toBe(true);
    const times = hook.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    // Starts, from the attempt facts (ms): the limit itself, exact in every 1 s and 10 s window.
    const facts = await eventually(
      async () => dispatch.bus.factsOf(endpointId, 'AttemptSucceeded'),
      (f) => f.length >= 300,
    );
    const startOf = new Map(facts.map((f) => [f.messageId, Date.parse(f.at)]));
    const starts = [...startOf.values()].sort((a, b) => a - b);
    expect(worstWindow(starts, 1_000)).toBeLessThanOrEqual(20);
    expect(worstWindow(starts, 10_000)).toBeLessThanOrEqual(200);
    // Arrivals: within 5 % (21), plus what the spread of start-to-arrival delays on this machine can
    // bunch together (a request held up J ms lands in the window of the ones after it): on an idle
    // machine J is a few ms and the bound is 21 (the token bucket alone let 24 land in one second, issue 14).
    const delays = hook.requests.map((r) => r.receivedAt - (startOf.get(r.headers['webhook-id'] as string) as number));
    const spreadMs = Math.max(...delays) - Math.min(...delays);
    expect(worstWindow(times, 1_000)).toBeLessThanOrEqual(21 + Math.ceil((spreadMs * 20) / 1_000));
    expect(worstWindow(times, 1_000)).toBeGreaterThanOrEqual(18); // the limit is what holds it back, not a slow dispatcher
  }, 120_000);

  it('delivers 500 messages to a fifo endpoint in ingest order although some attempts fail and retry', async () => {
    const failedOnce = new Set<number>();
    const hook = await receiver((request) => {
      const seq = seqOf(request);
      if (seq % 50 === 7 && !failedOnce.has(seq)) {
        failedOnce.add(seq);
        return { status: 500 };
      }
      return { status: 200 };
    });
    const { endpointId } = await dispatch.bus.createEndpoint(hook.url, { ordering: 'fifo' });
    await dispatch.bus.sendJobs(endpointId, 500);
    await eventually(
      async () => dispatch.bus.factsOf(endpointId, 'AttemptSucceeded').length,
      (n) => n >= 500,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const seqs = hook.requests.map(seqOf);
    const firstArrivals = seqs.filter((seq, i) => seqs.indexOf(seq) === i);
    expect(firstArrivals).toEqual(Array.from({ length: 500 }, (_, i) => i)); // first arrival of each, in order
    for (let i = 1; i < seqs.length; i += 1) expect(seqs[i] as number).toBeGreaterThanOrEqual(seqs[i - 1] as number); // a retry is never overtaken
    expect(failedOnce.size).toBe(10);
    expect(dispatch.bus.factsOf(endpointId, 'AttemptFailed')).toHaveLength(10);
  }, 180_000);

  it('loses nothing when the dispatcher is killed with SIGKILL mid-load; duplicates carry the same webhook-id; history has a row per POST it saw answered', async () => {
    const crashEngine = await startEngine({}, ['dispatcher', 'projector']);
    const crashBus = new DispatchTestBus(crashEngine.brokers, crashEngine.topics);
    await crashBus.start();
    let restarted: AppProcess | undefined;
    const hook = await receiver(() => ({ status: 200, delayMs: 20 }));
    try {
      const { endpointId } = await crashBus.createEndpoint(hook.url, { rateLimitPerSecond: 200 });
      const ids = await crashBus.sendJobs(endpointId, 600);
      await hook.waitForRequests(150, 60_000);
      const dispatcher = crashEngine.apps.get('dispatcher') as AppProcess;
      await stopChild(dispatcher.child, 'SIGKILL', 5_000);
      const [port] = await freePorts(1);
      const restartAt = Date.now();
      restarted = spawnApp(join(__dirname, '..'), 'dispatcher', port as number, {
        ...process.env,
        HOOKLINE_TOPIC_PREFIX: crashEngine.prefix,
        LOG_LEVEL: 'warn',
      });
      await waitUntilReady(restarted, 90_000);
      await eventually(
        async () => new Set(hook.requests.map((r) => r.headers['webhook-id'])).size,
        (n) => n === 600,
        { timeoutMs: 120_000, what: 'every message received after the restart' },
      );
      const known = new Set(ids);
      for (const request of hook.requests) {
        const id = request.headers['webhook-id'] as string;
        expect(known.has(id)).toBe(true);
        expect(JSON.parse(request.body).id).toBe(id);
      }
      // History: a row per POST whose response the dispatcher saw, so repeats after the kill show too.
      // The only POSTs without one were answered to the killed process before their facts were durable:
      // their jobs were unfinished, so each was sent again after the restart, once. (The lane frees its
      // slot when the response is read, so more than the endpoint's concurrency can be in that state:
      // the bound is per message, not a count.)
      // Counted afresh on every look: a job re-sent late may still be arriving.
      const tally = () => {
        const posts = new Map<string, number>();
        const postsAfter = new Map<string, number>();
        for (const request of hook.requests) {
          const id = request.headers['webhook-id'] as string;
          posts.set(id, (posts.get(id) ?? 0) + 1);
          if (request.receivedAt > restartAt) postsAfter.set(id, (postsAfter.get(id) ?? 0) + 1);
        }
        return { posts, postsAfter };
      };
      // Every POST of the restarted process has its row (it was never killed), so repeats are rows of their
      // own; of the killed process's POSTs, a message misses at most one row, and only if it was sent again.
      const accounted = (rows: ReadonlyArray<{ message_id: string; n: string; after: string }>) => {
        const { posts, postsAfter } = tally();
        return rows.every((row) => {
          const again = postsAfter.get(row.message_id) ?? 0;
          return Number(row.after) === again && (posts.get(row.message_id) ?? 0) - Number(row.n) <= (again > 0 ? 1 : 0);
        });
      };
      const db = new Client({ connectionString: process.env.DATABASE_URL });
      await db.connect();
      try {
        const rows = await eventually(
          async () =>
            (
              await db.query<{ message_id: string; n: string; ok: string; after: string }>(
                `SELECT message_id, count(*) AS n, count(*) FILTER (WHERE outcome = 'succeeded') AS ok,
                        count(*) FILTER (WHERE attempted_at > $2) AS after
                   FROM attempts WHERE endpoint_id = $1 GROUP BY message_id`,
                [endpointId, new Date(restartAt)],
              )
            ).rows,
          (r) => r.length === 600 && accounted(r),
          { timeoutMs: 60_000, what: 'the projector caught up' },
        );
        const { posts } = tally();
        for (const row of rows) {
          expect(Number(row.ok)).toBeGreaterThanOrEqual(1);
          expect(Number(row.n)).toBeLessThanOrEqual(posts.get(row.message_id) ?? 0);
        }
      } finally {
        await db.end();
      }
    } finally {
      if (restarted !== undefined) await stopChild(restarted.child, 'SIGTERM', 30_000);
      await crashEngine.stop();
      await crashBus.stop();
    }
  }, 300_000);
});

import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { DeliveryJob } from '@hookline/contracts';
import { eventually, jsonValues, newEndpointId, partitionOf, readTopic, useDispatcherUnderTest } from '@hookline/testing';

const PARTITIONS = 3; // what startEngine provisions
const QUEUE_LIMIT = 20;
const WAIT_BUDGET_MS = 10_000; // HOOKLINE_LANE_WAIT_BUDGET's default
// Tiers shorter and longer than the wait budget: overflow may only ever use the longer ones.
const SHORT_TIERS = [1_000, 2_000, 4_000];
const LONG_TIERS = [30_000, 60_000];
const SLOW_JOBS = 100;
const FAST_JOBS = 20;

describe('faults: a slow endpoint flooded on a shared partition', () => {
  const dispatch = useDispatcherUnderTest({
    env: {
      HOOKLINE_ENDPOINT_QUEUE_LIMIT: String(QUEUE_LIMIT),
      HOOKLINE_RETRY_SCHEDULE: [...SHORT_TIERS, ...LONG_TIERS].map((ms) => `${ms / 1000}s`).join(','),
    },
    retryDelays: [...SHORT_TIERS, ...LONG_TIERS],
  });
  let admin: Admin;

  beforeAll(async () => {
    admin = new Kafka({ clientId: 'slow-overflow-test', brokers: dispatch.engine.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
  });

  it('parks the overflow of a lane slower than the wait budget once per job, never in a short tier, and lets the fast endpoint through', async () => {
    // 10 in flight for 6 s each: ~1.7 jobs/s, so a full lane of 20 needs ~12 s, more than the wait budget.
    const slow = await dispatch.receiver(() => ({ status: 200, delayMs: 6_000 }));
    const fast = await dispatch.receiver(() => ({ status: 204 }));
    const slowId = newEndpointId();
    let fastId = newEndpointId();
    while (partitionOf(fastId, PARTITIONS) !== partitionOf(slowId, PARTITIONS)) fastId = newEndpointId();
    await dispatch.bus.createEndpoint(slow.url, {}, slowId);
    await dispatch.bus.createEndpoint(fast.url, {}, fastId);

    const slowIds = await dispatch.bus.sendJobs(slowId, SLOW_JOBS);
    await dispatch.bus.sendJobs(fastId, FAST_JOBS); // behind all of the slow endpoint's jobs on the same partition
    await eventually(
      async () => dispatch.bus.factsOf(fastId, 'AttemptSucceeded').length,
      (n) => n === FAST_JOBS,
      { what: 'the fast endpoint done', timeoutMs: 60_000 },
    );
    // Isolation: the fast endpoint did not wait for the slow one's backlog to be worked off.
    expect(new Set(dispatch.bus.factsOf(slowId, 'AttemptSucceeded').map((f) => f.messageId)).size).toBeLessThan(SLOW_JOBS);

    await eventually(
      async () => new Set(dispatch.bus.factsOf(slowId, 'AttemptSucceeded').map((f) => f.messageId)).size,
      (n) => n === SLOW_JOBS,
      { what: 'every slow job delivered', timeoutMs: 240_000, intervalMs: 1_000 },
    ).catch(async (error: unknown) => {
      const done = new Set(dispatch.bus.factsOf(slowId, 'AttemptSucceeded').map((f) => f.messageId));
      const missing = slowIds.filter((id) => !done.has(id));
      const inTiers: string[] = [];
      const topics = [dispatch.engine.topics.deliveries, ...[...SHORT_TIERS, ...LONG_TIERS].map((t) => dispatch.engine.topics.retry(t))];
      const committed = await admin.fetchOffsets({ groupId: `${dispatch.engine.prefix}dispatcher`, topics });
      for (const topic of topics) {
        const high = await admin.fetchTopicOffsets(topic);
        inTiers.push(
          `${topic} high ${JSON.stringify(high.map((p) => [p.partition, p.high]))} committed ${JSON.stringify(committed.find((c) => c.topic === topic)?.partitions)}`,
        );
      }
      for (const tier of LONG_TIERS) {
        const jobs = jsonValues<DeliveryJob>(
          await readTopic(dispatch.engine.brokers, dispatch.engine.topics.retry(tier), { expected: 1_000, quietMs: 1_000, timeoutMs: 8_000 }),
        );
        for (const job of jobs) if (missing.includes(job.messageId)) inTiers.push(`${tier}:${job.messageId}:${job.dueAt}`);
      }
      const facts = dispatch.bus.deliveryFacts.filter((f) => 'messageId' in f && missing.includes(f.messageId));
      const posts = slow.requests.filter((r) => missing.includes(r.headers['webhook-id'] as string)).length;
      throw new Error(
        `${String(error)}; missing ${JSON.stringify(missing)}, in tiers ${JSON.stringify(inTiers)}, facts ${JSON.stringify(facts)}, posts ${posts}, now ${Date.now()}`,
      );
    });

    // Overflow went to the park, but only into tiers at least as long as the wait budget: no job cycled
    // through a short tier (the storm of issue 10), and nothing else was parked (no failure, no disable).
    for (const tier of SHORT_TIERS) {
      const high = (await admin.fetchTopicOffsets(dispatch.engine.topics.retry(tier))).reduce((sum, p) => sum + Number(p.high), 0);
      expect({ tier, records: high }).toEqual({ tier, records: 0 });
    }
    const parked: DeliveryJob[] = [];
    for (const tier of LONG_TIERS)
      parked.push(...jsonValues<DeliveryJob>(await readTopic(dispatch.engine.brokers, dispatch.engine.topics.retry(tier), { quietMs: 2_000 })));
    expect(parked.length).toBeGreaterThan(0);
    expect(parked.every((job) => job.endpointId === slowId && job.attempt === 1)).toBe(true);
    // Parked once: a job back from the tier to a lane still full waits for a slot, it is not parked again.
    expect(new Set(parked.map((job) => job.messageId)).size).toBe(parked.length);
    expect(LONG_TIERS.every((tier) => tier >= WAIT_BUDGET_MS)).toBe(true);
    process.stdout.write(`slow overflow: ${SLOW_JOBS} slow jobs, ${parked.length} parks, ${new Set(parked.map((j) => j.messageId)).size} jobs parked\n`);
  }, 400_000);
});

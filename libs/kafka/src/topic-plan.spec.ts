import { planTopics } from './topic-plan';

describe('planTopics', () => {
  const plan = planTopics({
    prefix: 'hookline.',
    partitions: 6,
    registryPartitions: 3,
    retryDelays: [10_000, 60_000, 10_000, 172_800_000 * 5],
    deliveryLogRetentionMs: 35 * 86_400_000,
    inputRetentionMs: 7 * 86_400_000,
  });
  const byName = new Map(plan.map((spec) => [spec.topic, spec]));

  it('creates every contract topic and one tier per distinct delay', () => {
    expect([...byName.keys()]).toEqual([
      'hookline.events',
      'hookline.registry',
      'hookline.deliveries',
      'hookline.delivery-log',
      'hookline.dead-letter',
      'hookline.retry.10s',
      'hookline.retry.1m',
      'hookline.retry.10d',
    ]);
  });

  it('keeps the registry forever and long tiers at least twice their delay', () => {
    expect(byName.get('hookline.registry')).toEqual({ topic: 'hookline.registry', numPartitions: 3, retentionMs: -1 });
    expect(byName.get('hookline.retry.10d')?.retentionMs).toBe(20 * 86_400_000);
    expect(byName.get('hookline.retry.10s')?.retentionMs).toBe(7 * 86_400_000);
  });
});

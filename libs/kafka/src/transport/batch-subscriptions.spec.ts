import type { BatchConsumer, BatchEnd, TopicPartition } from '../batch-consumer';
import type { PartitionOffset } from '../records';
import { KafkaSubscriptions } from './batch-subscriptions';

/** A consumer port that records what the subscription asks of it. */
function fakeConsumer() {
  const commits: PartitionOffset[][] = [];
  const assigned: Array<(a: TopicPartition[]) => void> = [];
  const ends: Array<(e: BatchEnd) => void> = [];
  const consumer: BatchConsumer = {
    stop: async () => undefined,
    commit: async (offsets) => {
      commits.push([...offsets]);
    },
    onAssigned: (listener) => {
      assigned.push(listener);
      return () => undefined;
    },
    onBatchEnd: (listener) => {
      ends.push(listener);
      return () => undefined;
    },
  };
  return { consumer, commits, assigned, ends };
}

describe('KafkaSubscriptions', () => {
  it('refuses a pattern defined twice', () => {
    const subscriptions = new KafkaSubscriptions();
    subscriptions.define('p', { groupId: 'g', topics: ['t'], fromBeginning: true });
    expect(() => subscriptions.define('p', { groupId: 'g2', topics: ['t'], fromBeginning: true })).toThrow('defined twice');
    expect(subscriptions.patterns()).toEqual(['p']);
  });

  it('refuses a commit while its consumer does not run, rather than dropping it', async () => {
    const subscription = new KafkaSubscriptions().define('p', { groupId: 'g', topics: ['t'], fromBeginning: true });
    await expect(subscription.commit([{ topic: 't', partition: 0, nextOffset: '1' }])).rejects.toThrow('not running');
    const fake = fakeConsumer();
    subscription.attach(fake.consumer);
    await subscription.commit([{ topic: 't', partition: 0, nextOffset: '1' }]);
    expect(fake.commits).toEqual([[{ topic: 't', partition: 0, nextOffset: '1' }]]);
    expect(subscription.detach()).toBe(fake.consumer);
    expect(subscription.isRunning()).toBe(false);
    await expect(subscription.commit([{ topic: 't', partition: 0, nextOffset: '2' }])).rejects.toThrow('not running');
  });

  it('hands listeners added before the start to the consumer when it starts, and to a restarted one', () => {
    const subscription = new KafkaSubscriptions().define('p', { groupId: 'g', topics: ['t'], fromBeginning: true });
    const heard: TopicPartition[][] = [];
    subscription.onAssigned((a) => heard.push(a));
    subscription.onBatchEnd(() => undefined);
    const first = fakeConsumer();
    subscription.attach(first.consumer);
    expect(first.assigned).toHaveLength(1);
    expect(first.ends).toHaveLength(1);
    first.assigned[0]?.([{ topic: 't', partition: 3 }]);
    expect(heard).toEqual([[{ topic: 't', partition: 3 }]]);
    subscription.detach();
    const second = fakeConsumer();
    subscription.attach(second.consumer);
    expect(second.assigned).toHaveLength(1);
  });
});

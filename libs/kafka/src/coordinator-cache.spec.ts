import { cacheCoordinators, isCoordinatorError } from './coordinator-cache';

class FakeBroker {
  constructor(
    readonly nodeId: number,
    private readonly fail: () => unknown,
  ) {}
  async endTxn(): Promise<string> {
    const error = this.fail();
    if (error !== null) throw error;
    return `ended on ${this.nodeId}`;
  }
}

function fakeCluster(fail: () => unknown = () => null) {
  let lookups = 0;
  const cluster = {
    findGroupCoordinator: async (_request: { groupId: string; coordinatorType?: number }) => {
      lookups += 1;
      return new FakeBroker(lookups, fail) as object;
    },
    lookups: () => lookups,
  };
  return cluster;
}

describe('isCoordinatorError', () => {
  it('names the errors after which the coordinator may have moved', () => {
    expect(isCoordinatorError({ type: 'NOT_COORDINATOR' })).toBe(true);
    expect(isCoordinatorError({ type: 'COORDINATOR_LOAD_IN_PROGRESS' })).toBe(true);
    expect(isCoordinatorError({ name: 'KafkaJSConnectionClosedError' })).toBe(true);
    expect(isCoordinatorError({ code: 'ECONNREFUSED' })).toBe(true);
  });

  it('does not take a busy coordinator for a moved one', () => {
    expect(isCoordinatorError({ type: 'CONCURRENT_TRANSACTIONS' })).toBe(false);
    expect(isCoordinatorError(new Error('boom'))).toBe(false);
    expect(isCoordinatorError(null)).toBe(false);
  });
});

describe('cacheCoordinators', () => {
  it('looks each coordinator up once per key and type', async () => {
    const cluster = fakeCluster();
    cacheCoordinators(cluster);
    await cluster.findGroupCoordinator({ groupId: 'tx', coordinatorType: 1 });
    await cluster.findGroupCoordinator({ groupId: 'tx', coordinatorType: 1 });
    await cluster.findGroupCoordinator({ groupId: 'group', coordinatorType: 0 });
    expect(cluster.lookups()).toBe(2);
  });

  it('looks again after a coordinator error, not after another error', async () => {
    let next: unknown = null;
    const cluster = fakeCluster(() => next);
    cacheCoordinators(cluster);
    const broker = (await cluster.findGroupCoordinator({ groupId: 'tx', coordinatorType: 1 })) as FakeBroker;
    next = { type: 'CONCURRENT_TRANSACTIONS' };
    await expect(broker.endTxn()).rejects.toEqual(next);
    await cluster.findGroupCoordinator({ groupId: 'tx', coordinatorType: 1 });
    expect(cluster.lookups()).toBe(1);
    next = { type: 'NOT_COORDINATOR' };
    await expect(broker.endTxn()).rejects.toEqual(next);
    next = null;
    const fresh = (await cluster.findGroupCoordinator({ groupId: 'tx', coordinatorType: 1 })) as FakeBroker;
    expect(cluster.lookups()).toBe(2);
    await expect(fresh.endTxn()).resolves.toBe('ended on 2');
  });
});

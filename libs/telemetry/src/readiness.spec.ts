import { Readiness } from './readiness';

describe('Readiness', () => {
  it('is ready when every check passes, and not when one fails or throws', async () => {
    const readiness = new Readiness();
    let consumer = true;
    readiness.register('consumer', () => consumer);
    readiness.register('database', async () => true);
    expect(await readiness.report()).toEqual({ ready: true, checks: { consumer: true, database: true } });
    consumer = false;
    expect((await readiness.report()).ready).toBe(false);
    readiness.register('consumer', () => {
      throw new Error('no');
    });
    expect((await readiness.report()).checks.consumer).toBe(false);
  });

  it('is never ready again after a failure for good, and says why', async () => {
    const readiness = new Readiness();
    readiness.register('consumer', () => true);
    readiness.fail('consumer-stalled', { group: 'g', partition: 2, offset: '41' });
    expect(await readiness.report()).toEqual({
      ready: false,
      checks: { consumer: true },
      failed: { 'consumer-stalled': { group: 'g', partition: 2, offset: '41' } },
    });
  });

  it('is ready again when a failure that can pass is recovered, and only that one', async () => {
    const readiness = new Readiness();
    readiness.fail('consumer-not-consuming:g', { group: 'g', silentForMs: 21000 });
    readiness.fail('consumer-stalled', { group: 'h' });
    readiness.recover('consumer-not-consuming:g');
    expect(await readiness.report()).toEqual({ ready: false, checks: {}, failed: { 'consumer-stalled': { group: 'h' } } });
    readiness.recover('consumer-stalled');
    expect(await readiness.report()).toEqual({ ready: true, checks: {} });
  });
});

import { PublishBatcher, type PublishRecord } from './publish-batcher';

const record = (key: string, bytes = 10): PublishRecord => ({ key, value: 'x'.repeat(bytes), headers: {} });
const settle = (promise: Promise<void>) => promise.then(() => 'ok', (error: Error) => `${error.name}: ${error.message}`);

/** A send that records each batch's keys and settles when told. */
function controlledSend() {
  const batches: string[][] = [];
  const finish: Array<(error?: Error) => void> = [];
  const send = (records: PublishRecord[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(records.map((r) => r.key));
      finish.push((error) => (error === undefined ? resolve() : reject(error)));
    });
  return { batches, finish, send };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PublishBatcher', () => {
  it('sends concurrent publishes as one request, and answers each only when that request is acknowledged', async () => {
    const { batches, finish, send } = controlledSend();
    const batcher = new PublishBatcher(send, { lingerMs: 1, maxBatchBytes: 1_000 });
    const answers: string[] = [];
    const published = ['a', 'b', 'c'].map((key) => batcher.publish(record(key)).then(() => void answers.push(key)));
    await tick();
    expect(batches).toEqual([['a', 'b', 'c']]);
    // Would catch a 202 answered before the record is durable.
    expect(answers).toEqual([]);
    finish[0]?.();
    await Promise.all(published);
    expect(answers).toEqual(['a', 'b', 'c']);
  });

  it('puts records that arrive during a send into the next one, and a failed send fails exactly its callers', async () => {
    const { batches, finish, send } = controlledSend();
    const batcher = new PublishBatcher(send, { lingerMs: 1, maxBatchBytes: 1_000 });
    const first = settle(batcher.publish(record('a')));
    await tick();
    const later = [settle(batcher.publish(record('b'))), settle(batcher.publish(record('c')))];
    await tick();
    expect(batches).toEqual([['a']]);
    finish[0]?.(new Error('NOT_ENOUGH_REPLICAS'));
    await tick(1);
    expect(batches).toEqual([['a'], ['b', 'c']]);
    finish[1]?.();
    expect(await first).toBe('PublishFailedError: Kafka did not take the event: NOT_ENOUGH_REPLICAS');
    expect(await Promise.all(later)).toEqual(['ok', 'ok']);
  });

  it('cuts batches at the byte bound and sends a record over it alone, so a refused record fails only its own request', async () => {
    const { batches, finish, send } = controlledSend();
    const batcher = new PublishBatcher(send, { lingerMs: 1, maxBatchBytes: 100 });
    const published = [record('a', 40), record('b', 40), record('huge', 500), record('c', 40)].map((r) => settle(batcher.publish(r)));
    await tick();
    expect(batches).toEqual([['a', 'b']]);
    finish[0]?.();
    await tick(1);
    expect(batches).toEqual([['a', 'b'], ['huge']]);
    finish[1]?.(new Error('MESSAGE_TOO_LARGE'));
    await tick(1);
    expect(batches).toEqual([['a', 'b'], ['huge'], ['c']]);
    finish[2]?.();
    expect(await Promise.all(published)).toEqual(['ok', 'ok', 'PublishFailedError: Kafka did not take the event: MESSAGE_TOO_LARGE', 'ok']);
  });

  it('drains on shutdown without waiting for the linger', async () => {
    const sent: string[][] = [];
    const batcher = new PublishBatcher(async (records) => void sent.push(records.map((r) => r.key)), { lingerMs: 60_000, maxBatchBytes: 1_000 });
    const published = batcher.publish(record('a'));
    await batcher.drain();
    await published;
    expect(sent).toEqual([['a']]);
  });
});

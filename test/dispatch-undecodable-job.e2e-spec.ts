import { Kafka, logLevel } from 'kafkajs';
import type { DeadLetter } from '@hookline/contracts';
import { readTopic, useDispatcherUnderTest } from '@hookline/testing';

/**
 * Issue 10: a record on `deliveries` that is not a job used to make the
 * dispatcher's handler throw on the same offset after every restart, so every
 * job behind it on that partition waited forever. Now it is dead-lettered and
 * the jobs behind it are delivered.
 */
describe('dispatcher: a record that is not a job', () => {
  const dispatch = useDispatcherUnderTest();

  it('is dead-lettered with its reason and bounded bytes, and the jobs behind it on its partition are delivered', async () => {
    const hook = await dispatch.receiver();
    const { endpointId } = await dispatch.bus.createEndpoint(hook.url);
    const huge = 'x'.repeat(900 * 1024); // base64 of the whole value would be over the broker's 1 MiB
    const producer = new Kafka({ clientId: 'garbage', brokers: dispatch.engine.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({
      topic: dispatch.engine.topics.deliveries,
      acks: -1,
      // Keyed like the endpoint's jobs: the same partition, ahead of them.
      messages: ['not a job', '{"v":1,"messageId":"m"}', huge].map((value) => ({ key: endpointId, value })),
    });
    await producer.disconnect();
    await dispatch.bus.sendJobs(endpointId, 2);

    expect(await hook.waitForRequests(2)).toHaveLength(2);
    const letters = (await readTopic(dispatch.engine.brokers, dispatch.engine.topics.deadLetter, { expected: 3 })).map((m) => ({
      size: m.value?.length ?? 0,
      letter: JSON.parse(m.value?.toString('utf8') ?? 'null') as DeadLetter,
    }));
    expect(letters.map((l) => [l.letter.reason, l.letter.source?.topic, l.letter.key])).toEqual([
      ['undecodable_job', dispatch.engine.topics.deliveries, endpointId],
      ['undecodable_job', dispatch.engine.topics.deliveries, endpointId],
      ['undecodable_job', dispatch.engine.topics.deliveries, endpointId],
    ]);
    expect(Buffer.from(letters[0]?.letter.value ?? '', 'base64').toString()).toBe('not a job');
    expect(letters[1]?.letter.message).toContain('endpointId');
    expect(letters[2]?.letter).toMatchObject({ valueBytes: huge.length, truncated: ['value'] });
    expect(Math.max(...letters.map((l) => l.size))).toBeLessThan(1024 * 1024);
    const dispatcher = dispatch.engine.apps.get('dispatcher');
    expect((await fetch(`http://127.0.0.1:${dispatcher?.port}/readyz`)).status).toBe(200);
  }, 120_000);
});

import { randomBytes } from 'node:crypto';
import { createKafka, kafkajsOf } from './kafka-client';
import { kafkaRequestCount } from './kafka-request-metrics';
import { ensureTopics } from './provision';
import { RegistryTail } from './registry-tail';

/**
 * Issue 10: a registry record that is not a fact used to throw in every
 * ingest and dispatcher process while its view caught up, at every start. The
 * view skips it (the projector quarantines it) and applies the facts around it.
 */
describe('RegistryTail with a record that is not a registry fact (integration)', () => {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'tail-test' });
  let tail: RegistryTail | undefined;

  afterAll(async () => {
    await tail?.stop();
  });

  it('catches up past it', async () => {
    const topic = `tail-${randomBytes(4).toString('hex')}`;
    await ensureTopics(kafka, [{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    const producer = kafkajsOf(kafka).producer();
    await producer.connect();
    const at = new Date().toISOString();
    await producer.send({
      topic,
      messages: [
        { value: JSON.stringify({ type: 'ProjectCreated', v: 1, projectId: 'proj_before', accountId: 'acc_1', name: 'before', at }) },
        { value: 'not json at all' },
        { value: JSON.stringify({ type: 'NotARegistryFact', v: 1 }) },
        { value: null },
        { value: JSON.stringify({ type: 'ProjectCreated', v: 1, projectId: 'proj_after', accountId: 'acc_1', name: 'after', at }) },
      ],
    });
    await producer.disconnect();

    tail = new RegistryTail(kafka, topic, 'tail-test');
    await tail.start();
    expect(tail.isCaughtUp()).toBe(true);
    expect(tail.view.accountOfProject('proj_before')).toBe('acc_1');
    expect(tail.view.accountOfProject('proj_after')).toBe('acc_1');
  }, 60_000);
});

describe('RegistryTail.waitUntilCurrent shares samples (integration)', () => {
  const clientId = `tail-share-${randomBytes(4).toString('hex')}`;
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId });
  let tail: RegistryTail | undefined;

  afterAll(async () => {
    await tail?.stop();
  });

  it("answers callers of the same moment (four partitions' batches) with one ListOffsets request", async () => {
    const topic = `tail-share-${randomBytes(4).toString('hex')}`;
    // One partition holding a fact: once started, the tail's consumer has positioned itself (its own ListOffsets are done).
    await ensureTopics(kafka, [{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    const producer = kafkajsOf(kafka).producer();
    await producer.connect();
    const at = new Date().toISOString();
    await producer.send({
      topic,
      messages: [{ value: JSON.stringify({ type: 'ProjectCreated', v: 1, projectId: 'proj_1', accountId: 'acc_1', name: 'one', at }) }],
    });
    await producer.disconnect();
    tail = new RegistryTail(kafka, topic, 'tail-share-test');
    await tail.start();
    const before = kafkaRequestCount(clientId, 'ListOffsets');
    const current = tail;
    await Promise.all([1, 2, 3, 4].map(() => current.waitUntilCurrent()));
    expect(kafkaRequestCount(clientId, 'ListOffsets') - before).toBe(1);
    // A caller after that sample answered gets a sample of its own.
    await current.waitUntilCurrent();
    expect(kafkaRequestCount(clientId, 'ListOffsets') - before).toBe(2);
  }, 60_000);
});

import { Controller, Injectable, Module, type INestMicroservice, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { eventually, uniqueName } from '@hookline/testing';
import { KafkaAdmin } from '../admin-port';
import { createKafka } from '../kafka-client';
import { OrderedRecordWriter } from '../record-writer';
import { BatchErrorFilter } from './batch-error.filter';
import { KafkaSubscriptions, type ConsumedBatch } from './batch-subscriptions';
import { KafkaBatchContext, KafkaBatchTransport } from './kafka-batch-transport';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

/** What the test's handler does with each batch; set per test. */
let behaviour: (batch: ConsumedBatch, context: KafkaBatchContext) => Promise<string | null> = async () => null;
const calls: ConsumedBatch[] = [];

@Controller()
class BatchHandlers {
  @EventPattern('numbers')
  handle(@Payload() batch: ConsumedBatch, @Ctx() context: KafkaBatchContext): Promise<string | null> {
    calls.push(batch);
    return behaviour(batch, context);
  }
}

/** What the consumer's state was when Nest ran the shutdown hooks (where apps close their producers). */
const atShutdown: boolean[] = [];

@Injectable()
class ProducerOwner implements OnApplicationShutdown {
  constructor(private readonly subscriptions: KafkaSubscriptions) {}

  onApplicationShutdown(): void {
    atShutdown.push(this.subscriptions.get('numbers')?.isRunning() ?? true);
  }
}

@Module({ controllers: [BatchHandlers] })
class TestModule {}

/** The Nest custom transport against the real broker: what a handler resolves is what gets committed, and a throw commits nothing. */
describe('KafkaBatchTransport (integration)', () => {
  const kafka = createKafka({ brokers, clientId: 'transport-int', quiet: true });
  const admin = new KafkaAdmin(kafka);
  const writer = new OrderedRecordWriter({ kafka, shards: 1 });
  let app: INestMicroservice | undefined;

  beforeAll(() => writer.connect());
  afterEach(async () => {
    await app?.close();
    app = undefined;
    calls.length = 0;
  });
  afterAll(async () => {
    await writer.disconnect();
    await admin.disconnect();
  });

  async function serve(topic: string, groupId: string, subscriptions = new KafkaSubscriptions()): Promise<KafkaSubscriptions> {
    if (subscriptions.get('numbers') === undefined) subscriptions.define('numbers', { groupId, topics: [topic], fromBeginning: true, maxWaitTimeInMs: 100 });
    @Module({ imports: [TestModule], providers: [ProducerOwner, { provide: KafkaSubscriptions, useValue: subscriptions }] })
    class WorkerModule {}
    app = await NestFactory.createMicroservice(WorkerModule, { strategy: new KafkaBatchTransport({ kafka, subscriptions }), logger: false });
    app.useGlobalFilters(new BatchErrorFilter());
    await app.init();
    await app.listen();
    return subscriptions;
  }

  async function topicWithFive(): Promise<string> {
    const topic = uniqueName('transport');
    await admin.ensureTopics([{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    await writer.write(['0', '1', '2', '3', '4'].map((value) => ({ topic, key: 'k', value })));
    return topic;
  }

  const committed = async (groupId: string, topic: string) => (await admin.groupOffsets(groupId, [topic])).get(topic)?.get(0);

  it('commits exactly the offset the handler resolved with, not the whole batch', async () => {
    const topic = await topicWithFive();
    const groupId = uniqueName('transport-group');
    // Durable through offset 2 only: the group must commit 3 (next to read), never 5.
    behaviour = async (batch) => (batch.records.some((r) => r.offset === '2') ? '2' : null);
    const subscriptions = await serve(topic, groupId);
    expect(subscriptions.get('numbers')?.isRunning()).toBe(true);
    await eventually(
      () => committed(groupId, topic),
      (offset) => offset === '3',
      { what: 'offset 3 committed' },
    );
    expect(calls[0]?.records.map((r) => r.value?.toString())).toEqual(['0', '1', '2', '3', '4']);
    atShutdown.length = 0;
    await app?.close();
    app = undefined;
    expect(await committed(groupId, topic)).toBe('3');
    // Producers close after the consumers stopped: the transport closes before Nest's shutdown hooks.
    expect(atShutdown).toEqual([false]);
  }, 60_000);

  it('runs beside HTTP routes (ingest): consumers start after init and stop before the shutdown hooks', async () => {
    const topic = await topicWithFive();
    const groupId = uniqueName('transport-hybrid');
    const subscriptions = new KafkaSubscriptions();
    subscriptions.define('numbers', { groupId, topics: [topic], fromBeginning: true, maxWaitTimeInMs: 100 });
    behaviour = async (batch) => batch.records.at(-1)?.offset ?? null;
    @Module({ imports: [TestModule], providers: [ProducerOwner, { provide: KafkaSubscriptions, useValue: subscriptions }] })
    class HttpModule {}
    const http = await NestFactory.create(HttpModule, { logger: false });
    // No error filter here: handlers do not throw in this test, and one added after connectMicroservice is
    // ignored anyway (libs/runtime's connectBatchTransport defers the microservice's init for it).
    http.connectMicroservice({ strategy: new KafkaBatchTransport({ kafka, subscriptions }) });
    await http.init();
    await http.startAllMicroservices();
    await http.listen(0, '127.0.0.1');
    atShutdown.length = 0;
    try {
      await eventually(
        () => committed(groupId, topic),
        (offset) => offset === '5',
        { what: 'all five committed' },
      );
    } finally {
      await http.close();
    }
    expect(atShutdown).toEqual([false]);
  }, 60_000);

  it('commits nothing for a handler that throws, and fetches the batch again', async () => {
    const topic = await topicWithFive();
    const groupId = uniqueName('transport-failing');
    behaviour = async () => {
      throw new Error('projection failed');
    };
    await serve(topic, groupId);
    await eventually(
      async () => calls.length,
      (n) => n >= 2,
      { what: 'the batch handled twice', timeoutMs: 30_000 },
    );
    expect(await committed(groupId, topic)).toBe('-1');
  }, 60_000);

  it('lets a handler that acknowledges later commit through its subscription, and drains before the consumer stops', async () => {
    const topic = await topicWithFive();
    const groupId = uniqueName('transport-later');
    const taken: string[] = [];
    const subscriptions = new KafkaSubscriptions();
    const subscription = subscriptions.define('numbers', {
      groupId,
      topics: [topic],
      fromBeginning: true,
      commitOffsets: false,
      maxWaitTimeInMs: 100,
      // The last acknowledgement happens at shutdown, while the consumer still runs.
      beforeStop: () => subscription.commit([{ topic, partition: 0, nextOffset: String(taken.length) }]),
    });
    behaviour = async (batch, context) => {
      expect(context.getSubscription()).toBe(subscription);
      for (const record of batch.records) taken.push(record.offset);
      return batch.records.at(-1)?.offset ?? null;
    };
    await serve(topic, groupId, subscriptions);
    await eventually(
      async () => taken.length,
      (n) => n === 5,
      { what: 'all five taken' },
    );
    expect(await committed(groupId, topic)).toBe('-1'); // taken is not acknowledged
    await subscription.commit([{ topic, partition: 0, nextOffset: '2' }]);
    expect(await committed(groupId, topic)).toBe('2');
    await app?.close();
    app = undefined;
    expect(await committed(groupId, topic)).toBe('5');
    expect(subscription.isRunning()).toBe(false);
  }, 60_000);
});

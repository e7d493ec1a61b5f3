import { Controller, Injectable, Module, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import { createKafka, ensureTopics, KafkaBatchTransport, KafkaSubscriptions, onConsumerStall, OrderedRecordWriter, type ConsumerStall } from '@hookline/kafka';
import { eventually, uniqueName } from '@hookline/testing';
import { connectBatchTransport } from './connect-batch-transport';

@Controller()
class PoisonHandlers {
  @EventPattern('poison')
  handle(): Promise<string | null> {
    return Promise.reject(new Error('cannot handle the poison record'));
  }
}

/** Counts the app's init hooks: the deferred microservice must not run them again. */
@Injectable()
class InitCounter implements OnModuleInit {
  static runs = 0;

  onModuleInit(): void {
    InitCounter.runs += 1;
  }
}

/**
 * The HTTP app's Kafka transport (ingest) on the real broker: a handler's
 * error reaches the consumer as itself, not as Nest's "Internal server error",
 * so the stall on /readyz names the cause; and the app's init hooks run once.
 */
describe('connectBatchTransport', () => {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'hybrid-transport-test' });
  const writer = new OrderedRecordWriter({ kafka, shards: 1 });
  let app: INestApplication | undefined;
  let stopListening: (() => void) | undefined;

  beforeAll(async () => {
    await writer.connect();
  });

  afterAll(async () => {
    stopListening?.();
    await app?.close();
    await writer.disconnect();
  });

  it('hands a handler error to the consumer as it is, and runs the init hooks once', async () => {
    const topic = uniqueName('hybrid-poison');
    await ensureTopics(kafka, [{ topic, numPartitions: 1, retentionMs: 3_600_000 }]);
    await writer.write([{ topic, key: 'k', value: 'poison' }]);
    const groupId = `${topic}-group`;
    const subscriptions = new KafkaSubscriptions();
    subscriptions.define('poison', { groupId, topics: [topic], fromBeginning: true, maxWaitTimeInMs: 100, maxHandlerFailures: 1 });
    const stalls: ConsumerStall[] = [];
    stopListening = onConsumerStall((stall) => stalls.push(stall));

    @Module({ controllers: [PoisonHandlers], providers: [InitCounter] })
    class HybridModule {}
    app = await NestFactory.create(HybridModule, { logger: false });
    connectBatchTransport(app, new KafkaBatchTransport({ kafka, subscriptions }));
    await app.init();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');

    const stall = await eventually(
      async () => stalls.find((s) => s.groupId === groupId),
      (found) => found !== undefined,
      { what: 'a stall of the poisoned group', timeoutMs: 30_000 },
    );
    expect(stall).toMatchObject({ cause: 'handler_failing', topic, offset: '0', error: 'cannot handle the poison record' });
    expect(InitCounter.runs).toBe(1);
  }, 60_000);
});

import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { topicNames } from '@hookline/contracts';
import { untilLeaderElected } from '@hookline/testing';

/**
 * Checks the stack that test/global-setup.ts hands every integration test:
 * a broker that does what the apps rely on (consumer groups, transactions,
 * provisioned topics) and a migrated Postgres, all advertised through env.
 */
describe('local stack (test infrastructure)', () => {
  const env = process.env;

  it('exports the settings the apps read', () => {
    expect(env.KAFKA_BROKERS).toMatch(/^[^,\s]+(,[^,\s]+)*$/);
    expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(Buffer.from(env.HOOKLINE_MASTER_KEY ?? '', 'base64')).toHaveLength(32);
    expect(env.HOOKLINE_ADMIN_TOKEN).toMatch(/^adm_[0-9a-f]{32}$/);
    expect(env.HOOKLINE_ALLOW_HTTP).toBe('true');
    expect(env.HOOKLINE_ALLOW_PRIVATE_NETWORKS).toBe('true');
    expect(env.HOOKLINE_RETRY_SCHEDULE).toBe('1s,2s,4s');
  });

  it('has a Postgres that answers and has been migrated', async () => {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      // TypeORM records every applied migration; an empty table would mean global-setup skipped them.
      const tables = await client.query<{ n: string }>("select count(*) as n from information_schema.tables where table_schema = 'public'");
      expect(Number(tables.rows[0]?.n)).toBeGreaterThan(1);
    } finally {
      await client.end();
    }
  });

  describe('Kafka', () => {
    // Silent: kafkajs logs the broker's retriable answers ("coordinator is loading") as errors; real failures fail the test.
    const kafka = new Kafka({ clientId: 'local-stack-int-spec', brokers: (env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
    let admin: Admin;
    const topic = `local-stack-roundtrip-${randomUUID()}`;

    beforeAll(async () => {
      admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false });
      await untilLeaderElected(admin, topic);
    });

    afterAll(async () => {
      await admin.deleteTopics({ topics: [topic] });
      await admin.disconnect();
    });

    it('has every topic provisioned, including the tiers of the test retry schedule', async () => {
      const names = topicNames('hookline.');
      const topics = await admin.listTopics();
      expect(topics).toEqual(
        expect.arrayContaining([
          names.events,
          names.registry,
          names.deliveries,
          names.deliveryLog,
          names.deadLetter,
          names.retry(1_000),
          names.retry(2_000),
          names.retry(4_000),
          names.retry(10_000),
        ]),
      );
    });

    it('does not create topics on first use', async () => {
      const producer = kafka.producer({ allowAutoTopicCreation: true, retry: { retries: 1 } });
      await producer.connect();
      try {
        await expect(producer.send({ topic: `missing-${randomUUID()}`, messages: [{ value: 'x' }], timeout: 2_000 })).rejects.toThrow();
      } finally {
        await producer.disconnect();
      }
    });

    it('round-trips a transactional write to a consumer group reading committed records', async () => {
      const producer: Producer = kafka.producer({ transactionalId: `local-stack-${randomUUID()}`, idempotent: true, maxInFlightRequests: 1 });
      const consumer: Consumer = kafka.consumer({ groupId: `local-stack-${randomUUID()}`, readUncommitted: false });
      await Promise.all([producer.connect(), consumer.connect()]);
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        const received = new Promise<string>((resolve, reject) => {
          // Bounded here rather than by the test timeout, so the finally below always disconnects.
          const timer = setTimeout(() => reject(new Error('no record consumed within 30 s')), 30_000);
          void consumer.run({
            eachMessage: async ({ message }) => {
              clearTimeout(timer);
              resolve(message.value?.toString() ?? '');
            },
          });
        });

        const transaction = await producer.transaction();
        await transaction.send({ topic, messages: [{ key: 'k', value: 'hello from the round trip' }] });
        await transaction.commit();

        await expect(received).resolves.toBe('hello from the round trip');
      } finally {
        await consumer.disconnect();
        await producer.disconnect();
      }
    });
  });
});

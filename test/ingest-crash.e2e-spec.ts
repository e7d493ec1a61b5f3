import { Kafka, logLevel } from 'kafkajs';
import type { DeliveryJob, MessageAccepted } from '@hookline/contracts';
import { createTenant, eventually, jsonValues, produceEvents, readTopic, RegistryClient, type RunningEngine, startEngine } from '@hookline/testing';

const EVENTS = 5_000;
const CHUNKS = 10;

async function endOffsetSum(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'test-offsets', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('ingest crash: exactly-once fan-out', () => {
  let engine: RunningEngine;

  beforeAll(async () => {
    engine = await startEngine({}, ['registry', 'projector', 'ingest']);
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
  }, 60_000);

  it('an ingest SIGKILLed mid-stream and restarted yields exactly one MessageAccepted and one job per (event, endpoint)', async () => {
    const admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    const tenant = await createTenant(admin, 'Crash Co', 1);
    const projectId = tenant.projectIds[0] as string;
    const project = new RegistryClient(engine.registryUrl, tenant.projectKeys[0] as string);
    for (const n of [1, 2]) {
      const created = await project.post('/v1/endpoints', { url: `https://hooks.example.com/${n}`, description: `sink ${n}`, eventTypes: ['message.*'] });
      expect(created.status).toBe(201);
    }

    const chunk = (c: number) =>
      Array.from({ length: EVENTS / CHUNKS }, (_, i) => {
        const n = c * (EVENTS / CHUNKS) + i;
        return { key: `k${n % 7}`, value: JSON.stringify({ id: `crash_${n}`, type: 'message.sent', projectId, data: { n } }) };
      });
    for (let c = 0; c < 3; c++) await produceEvents(engine.brokers, engine.topics.events, chunk(c));

    // Kill it once it has started writing fan-out, while input is still arriving.
    const writtenBeforeCrash = await eventually(
      () => endOffsetSum(engine.brokers, engine.topics.deliveryLog),
      (offsets) => offsets > 0,
      { what: 'ingest writing fan-out', intervalMs: 20 },
    );
    await engine.crash('ingest');
    for (let c = 3; c < CHUNKS; c++) await produceEvents(engine.brokers, engine.topics.events, chunk(c));
    await engine.restart('ingest');

    const accepted = jsonValues<MessageAccepted>(await readTopic(engine.brokers, engine.topics.deliveryLog, { expected: EVENTS, quietMs: 5_000 })).filter(
      (fact) => fact.type === 'MessageAccepted',
    );
    const jobs = jsonValues<DeliveryJob>(await readTopic(engine.brokers, engine.topics.deliveries, { expected: 2 * EVENTS, quietMs: 5_000 }));

    expect(writtenBeforeCrash).toBeLessThan(await endOffsetSum(engine.brokers, engine.topics.deliveryLog));
    expect(accepted).toHaveLength(EVENTS);
    expect(new Set(accepted.map((fact) => fact.eventId)).size).toBe(EVENTS);
    expect(jobs).toHaveLength(2 * EVENTS);
    expect(new Set(jobs.map((job) => `${job.messageId}/${job.endpointId}`)).size).toBe(2 * EVENTS);
  }, 300_000);
});

import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import type { DeliveryFact, DeliveryJob, EndpointCreated, EndpointEnabled, EndpointSettings, RegistryFact } from '@hookline/contracts';
import { generateEndpointSecret, parseMasterKey, sealSecret, ENDPOINT_DELIVERY_DEFAULTS } from '@hookline/domain';

/**
 * Talks to the dispatcher the way the rest of the engine does: endpoint facts
 * on `registry`, jobs on `deliveries`, outcomes read back from `delivery-log`.
 * Lets dispatcher tests run without the registry and projector apps.
 */
export class DispatchTestBus {
  private readonly kafka: Kafka;
  private consumers: Consumer[] = [];
  readonly deliveryFacts: DeliveryFact[] = [];
  readonly registryFacts: RegistryFact[] = [];

  constructor(
    brokers: string[],
    private readonly topics: { registry: string; deliveries: string; deliveryLog: string },
  ) {
    this.kafka = new Kafka({ clientId: 'dispatch-test', brokers, logLevel: logLevel.ERROR });
  }

  /** Follows delivery-log and registry from the start, collecting every fact. */
  async start(): Promise<void> {
    for (const [topic, sink] of [
      [this.topics.deliveryLog, this.deliveryFacts],
      [this.topics.registry, this.registryFacts],
    ] as const) {
      const consumer = this.kafka.consumer({ groupId: `dispatch-test-${randomBytes(4).toString('hex')}` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void (sink as unknown[]).push(JSON.parse(String(message.value))) });
      this.consumers.push(consumer);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect()));
    this.consumers = [];
  }

  async createEndpoint(url: string, settings: Partial<EndpointSettings> = {}, endpointId = newEndpointId()): Promise<{ endpointId: string; secret: string }> {
    const secret = generateEndpointSecret();
    const fact: EndpointCreated = {
      type: 'EndpointCreated',
      v: 1,
      endpointId,
      version: 1,
      at: new Date().toISOString(),
      accountId: null,
      projectId: 'proj_dispatch',
      scope: 'project',
      secret: sealSecret(secret, parseMasterKey(requiredEnv('HOOKLINE_MASTER_KEY'))),
      url,
      description: 'dispatch test',
      eventTypes: ['*'],
      ...ENDPOINT_DELIVERY_DEFAULTS,
      legacySignatureHeader: 'x-webhook-signature',
      ...settings,
    };
    await this.send(this.topics.registry, [{ key: endpointId, value: JSON.stringify(fact) }]);
    return { endpointId, secret };
  }

  async enableEndpoint(endpointId: string, version: number): Promise<void> {
    const fact: EndpointEnabled = { type: 'EndpointEnabled', v: 1, endpointId, version, at: new Date().toISOString() };
    await this.send(this.topics.registry, [{ key: endpointId, value: JSON.stringify(fact) }]);
  }

  async appendRegistryFact(endpointId: string, fact: RegistryFact): Promise<void> {
    await this.send(this.topics.registry, [{ key: endpointId, value: JSON.stringify(fact) }]);
  }

  /** Jobs as ingest writes them: keyed by endpoint id, in the given order. */
  async sendJobs(endpointId: string, count: number, from = 0, data: (i: number) => Record<string, unknown> = (i) => ({ seq: i })): Promise<string[]> {
    const ids: string[] = [];
    const messages = [];
    for (let i = from; i < from + count; i += 1) {
      const messageId = `msg_${endpointId.slice(3, 11)}_${String(i).padStart(5, '0')}`;
      ids.push(messageId);
      const job: DeliveryJob = {
        v: 1,
        messageId,
        endpointId,
        attempt: 1,
        eventType: 'message.delivered',
        projectId: 'proj_dispatch',
        data: data(i),
        createdAt: Math.floor(Date.now() / 1000),
        dueAt: null,
        traceparent: null,
      };
      messages.push({ key: endpointId, value: JSON.stringify(job) });
    }
    for (let i = 0; i < messages.length; i += 500) await this.send(this.topics.deliveries, messages.slice(i, i + 500));
    return ids;
  }

  factsOf<T extends DeliveryFact['type']>(endpointId: string, type: T): Array<Extract<DeliveryFact, { type: T }>> {
    return this.deliveryFacts.filter((f): f is Extract<DeliveryFact, { type: T }> => f.type === type && 'endpointId' in f && f.endpointId === endpointId);
  }

  private async send(topic: string, messages: Array<{ key: string; value: string }>): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages });
    } finally {
      await producer.disconnect();
    }
  }
}

export function newEndpointId(): string {
  return `ep_${randomBytes(8).toString('hex')}`;
}

/** The partition a key lands on with kafkajs' default (Java-compatible murmur2) partitioner. */
export function partitionOf(key: string, partitions: number): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0] }));
  return partitioner({ topic: 't', partitionMetadata: partitionMetadata as never, message: { key, value: null } });
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set; run through jest's global setup`);
  return value;
}

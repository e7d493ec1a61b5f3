import { Kafka, logLevel } from 'kafkajs';

export interface ProducedEvent {
  readonly value: Buffer | string;
  readonly key?: string;
  readonly headers?: Record<string, string>;
}

/** Produces to the input topic the way a platform team's service would: a plain kafkajs producer. */
export async function produceEvents(brokers: string[], topic: string, events: readonly ProducedEvent[]): Promise<void> {
  const producer = new Kafka({ clientId: 'test-producer', brokers, logLevel: logLevel.ERROR }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: events.map((e) => ({ key: e.key, value: e.value, headers: e.headers })) });
  } finally {
    await producer.disconnect();
  }
}

import { Kafka, logLevel } from 'kafkajs';
import type { KeyedFact } from './synthetic-delivery-log';

/** Appends facts to a topic in order (per key), in chunks, acks from all replicas, as the engine's producers do. */
export async function produceFacts(brokers: readonly string[], topic: string, facts: readonly KeyedFact<unknown>[], chunk = 2_000): Promise<void> {
  const producer = new Kafka({ clientId: 'hookline-bench-producer', brokers: [...brokers], logLevel: logLevel.ERROR }).producer({
    maxInFlightRequests: 1,
    idempotent: true,
  });
  await producer.connect();
  try {
    for (let i = 0; i < facts.length; i += chunk) {
      await producer.send({
        topic,
        acks: -1,
        messages: facts.slice(i, i + chunk).map((f) => ({ key: f.key, value: JSON.stringify(f.fact) })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

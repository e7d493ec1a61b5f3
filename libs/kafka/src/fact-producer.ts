import type { Kafka, Producer } from 'kafkajs';
import { encodeJson } from '@hookline/contracts';
import { chunkBySize } from './size-chunks';

/** Where the last fact of an append landed; read models wait to pass it (read-your-writes). */
export interface AppendPosition {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the last appended record. */
  readonly offset: string;
}

/**
 * Appends the facts of one aggregate (one key, hence one partition, in order)
 * and resolves only once every in-sync replica has them (acks=all): a 2xx from
 * the API means the facts are durable.
 */
export class FactProducer {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async append(topic: string, key: string, facts: readonly unknown[], headers?: Record<string, string>): Promise<AppendPosition> {
    if (facts.length === 0) throw new Error('append needs at least one fact');
    // One key, so one partition: chunks land in order, and the last chunk's last offset is the position.
    let position: { partition: number; last: bigint } | undefined;
    for (const chunk of chunkBySize(facts.map((fact) => ({ key, value: encodeJson(fact), headers })))) {
      const [metadata] = await this.producer.send({ topic, acks: -1, messages: chunk });
      if (metadata === undefined || metadata.baseOffset === undefined) {
        throw new Error(`broker returned no offset for the append to ${topic}`);
      }
      position = { partition: metadata.partition, last: BigInt(metadata.baseOffset) + BigInt(chunk.length - 1) };
    }
    if (position === undefined) throw new Error('append needs at least one fact');
    const { partition, last } = position;
    return { topic, partition, offset: last.toString() };
  }
}

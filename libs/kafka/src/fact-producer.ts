import { encodeJson } from '@hookline/contracts';
import type { KafkaClient } from './kafka-client';
import { OrderedRecordWriter } from './record-writer';

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
 * the API means the facts are durable. Writes through an OrderedRecordWriter:
 * its own, or one the app shares (then the app connects and closes it).
 */
export class FactProducer {
  private readonly writer: OrderedRecordWriter;
  private readonly ownsWriter: boolean;

  constructor(source: KafkaClient | OrderedRecordWriter) {
    this.ownsWriter = !(source instanceof OrderedRecordWriter);
    // Registry appends are few; one producer keeps their connections few too.
    this.writer = source instanceof OrderedRecordWriter ? source : new OrderedRecordWriter({ kafka: source, shards: 1 });
  }

  async connect(): Promise<void> {
    if (this.ownsWriter) await this.writer.connect();
  }

  async disconnect(): Promise<void> {
    if (this.ownsWriter) await this.writer.disconnect();
  }

  async append(topic: string, key: string, facts: readonly unknown[], headers?: Record<string, string>): Promise<AppendPosition> {
    if (facts.length === 0) throw new Error('append needs at least one fact');
    // One key, so one producer and one partition: the facts land in order, and the last one's position is the append's.
    const positions = await this.writer.write(facts.map((fact) => ({ topic, key, value: encodeJson(fact), ...(headers === undefined ? {} : { headers }) })));
    const last = positions[positions.length - 1];
    if (last === undefined) throw new Error(`broker returned no offset for the append to ${topic}`);
    return last;
  }
}

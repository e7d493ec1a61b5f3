/**
 * The record shapes of the ports: what a consumer hands a handler and what a
 * writer takes. No kafkajs type leaks through them; a kafkajs KafkaMessage is
 * structurally a ConsumedRecord, so the consumer passes its messages as they are.
 */

/** Headers as Kafka carries them: bytes, or text we wrote; a repeated header is an array. */
export type RecordHeaders = Readonly<Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined>>;

/** A record read from one partition. */
export interface ConsumedRecord {
  /** Its offset in the partition, a decimal string (offsets pass 2^53). */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: RecordHeaders;
  /** Milliseconds since the epoch, a decimal string, as the broker returns it. */
  readonly timestamp: string;
}

/** A record bound for a topic; the key picks the partition (Java-compatible murmur2). */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
}

/** Where a written record landed. */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  /** Its offset, a decimal string. */
  readonly offset: string;
}

/** An input position to commit: the next offset to read in one partition. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

import type { BatchConsumer, BatchConsumerOptions, BatchContext, BatchEnd, TopicPartition } from '../batch-consumer';
import type { ConsumedRecord, PartitionOffset } from '../records';

/** What an `@EventPattern` handler of the Kafka transport receives: one fetched batch of one partition. */
export interface ConsumedBatch extends BatchContext {
  readonly records: ConsumedRecord[];
}

/**
 * How one pattern is consumed: a consumer group's options (batch-consumer.ts)
 * less the handler, which is the pattern's `@EventPattern` method.
 */
export interface SubscriptionSpec extends Omit<BatchConsumerOptions, 'kafka' | 'handle'> {
  /**
   * Runs when the transport closes, before the consumer stops: what must be
   * durable and committed first (the dispatcher stops taking jobs, lets
   * attempts finish, and commits). Producers close later, in
   * onApplicationShutdown hooks, which Nest runs after the transport closed.
   */
  readonly beforeStop?: () => Promise<void>;
}

/**
 * One pattern's consumer as the app sees it, before and after it runs:
 * explicit commits (for a handler that acknowledges later than it takes),
 * assignment and batch-end listeners, and whether it runs (readiness).
 */
export class Subscription {
  private consumer: BatchConsumer | null = null;
  private readonly pendingListeners: Array<(consumer: BatchConsumer) => () => void> = [];

  constructor(
    readonly pattern: string,
    readonly spec: SubscriptionSpec,
  ) {}

  /** True while its consumer runs: the 'consumer' readiness check. */
  isRunning(): boolean {
    return this.consumer !== null;
  }

  /** Commits input positions outside a transaction; fails when the consumer does not run. */
  async commit(offsets: readonly PartitionOffset[]): Promise<void> {
    if (this.consumer === null) throw new Error(`the consumer of ${this.pattern} is not running; nothing committed`);
    await this.consumer.commit(offsets);
  }

  onAssigned(listener: (assigned: TopicPartition[]) => void): void {
    this.whenRunning((consumer) => consumer.onAssigned(listener));
  }

  onBatchEnd(listener: (end: BatchEnd) => void): void {
    this.whenRunning((consumer) => consumer.onBatchEnd(listener));
  }

  /** @internal The transport hands over the running consumer, then takes it back at close. */
  attach(consumer: BatchConsumer): void {
    this.consumer = consumer;
    for (const listen of this.pendingListeners) listen(consumer);
  }

  /** @internal */
  detach(): BatchConsumer | null {
    const consumer = this.consumer;
    this.consumer = null;
    return consumer;
  }

  private whenRunning(listen: (consumer: BatchConsumer) => () => void): void {
    // Kept for a restart too: the listener outlives one consumer.
    this.pendingListeners.push(listen);
    if (this.consumer !== null) listen(this.consumer);
  }
}

/**
 * The subscriptions of one app, shared by the transport (it starts a consumer
 * per pattern that has an `@EventPattern` handler) and the app's providers
 * (they define each pattern's group and topics, possibly at bootstrap after
 * reading the cluster, and use the handle). Provide it by value in the module
 * and pass the same object to the transport.
 */
export class KafkaSubscriptions {
  private readonly defined = new Map<string, Subscription>();

  define(pattern: string, spec: SubscriptionSpec): Subscription {
    if (this.defined.has(pattern)) throw new Error(`the Kafka subscription ${pattern} is defined twice`);
    const subscription = new Subscription(pattern, spec);
    this.defined.set(pattern, subscription);
    return subscription;
  }

  get(pattern: string): Subscription | undefined {
    return this.defined.get(pattern);
  }

  patterns(): string[] {
    return [...this.defined.keys()];
  }
}

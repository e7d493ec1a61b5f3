import { BaseRpcContext, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { openBatchConsumer, type BatchContext } from '../batch-consumer';
import type { KafkaClient } from '../kafka-client';
import type { ConsumedRecord } from '../records';
import { durableOffsetOf } from './durable-offset';
import type { ConsumedBatch, KafkaSubscriptions, Subscription } from './batch-subscriptions';

/** The context (`@Ctx()`) of a batch handler: its pattern and its subscription (explicit commits, listeners). */
export class KafkaBatchContext extends BaseRpcContext<[string, Subscription]> {
  getPattern(): string {
    return this.args[0];
  }

  getSubscription(): Subscription {
    return this.args[1];
  }
}

export interface KafkaBatchTransportOptions {
  readonly kafka: KafkaClient;
  readonly subscriptions: KafkaSubscriptions;
}

/**
 * A NestJS custom transport over the batch consumer port: each
 * `@EventPattern(name)` handler is one consumer group (its options defined in
 * KafkaSubscriptions under the same name), called with one partition's batch
 * (ConsumedBatch) and resolving with the offset through which the batch's
 * effects are durable (null: none). Only that offset is resolved, and only it
 * is committed (unless the subscription commits itself); nothing auto-commits
 * and no decorator commits. A handler that throws commits nothing: the batch
 * is fetched again, and the consumer's stall watch counts the failure.
 *
 * Nest's own `handleEvent` discards what a handler returns, so the transport
 * calls the handler from `getHandlerByPattern` and awaits its result itself.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private readonly running: Subscription[] = [];
  private closing: Promise<void> | null = null;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
  }

  /** Starts one consumer per handled pattern; the callback hears the first failure, or nothing once all run. */
  listen(callback: (error?: unknown) => void): void {
    this.startAll().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Stops every consumer: each subscription's `beforeStop` first, then the consumer (it waits for its batch and commits). */
  close(): Promise<void> {
    this.closing ??= this.stopAll();
    return this.closing;
  }

  on(): never {
    throw new Error('the Kafka batch transport emits no events; consumers report stalls through consumer-stalls.ts');
  }

  unwrap<T>(): T {
    throw new Error('the Kafka batch transport does not expose kafkajs');
  }

  private async startAll(): Promise<void> {
    const handled = [...this.messageHandlers.keys()];
    const undefinedPatterns = handled.filter((pattern) => this.options.subscriptions.get(pattern) === undefined);
    if (undefinedPatterns.length > 0) {
      throw new Error(`no Kafka subscription defined for the handler pattern(s) ${undefinedPatterns.join(', ')}`);
    }
    for (const pattern of handled) {
      const subscription = this.options.subscriptions.get(pattern) as Subscription;
      // Looked up once: Nest's lookup JSON.parses the pattern and, for a plain name, throws and catches on every call.
      const handler = this.getHandlerByPattern(pattern);
      if (handler === null) throw new Error(`no handler for ${pattern}`);
      const { beforeStop: _drain, ...spec } = subscription.spec;
      const consumer = await openBatchConsumer({
        ...spec,
        kafka: this.options.kafka,
        handle: (records, context) => this.handleBatch(subscription, handler, records, context),
      });
      subscription.attach(consumer);
      this.running.push(subscription);
    }
  }

  private async handleBatch(subscription: Subscription, handler: MessageHandler, records: ConsumedRecord[], context: BatchContext): Promise<string | null> {
    const batch: ConsumedBatch = {
      records,
      topic: context.topic,
      partition: context.partition,
      lastOffset: context.lastOffset,
      isActive: () => context.isActive(),
      heartbeat: () => context.heartbeat(),
      pause: () => context.pause(),
    };
    let result: unknown;
    try {
      const returned: unknown = await handler(batch, new KafkaBatchContext([subscription.pattern, subscription]));
      result = isObservable(returned) ? await lastValueFrom(returned, { defaultValue: null }) : returned;
    } catch (error) {
      throw error instanceof Error ? error : new Error(describe(error));
    }
    return durableOffsetOf(result, records, context.lastOffset);
  }

  private async stopAll(): Promise<void> {
    const failures: unknown[] = [];
    // In definition order, each drained before it stops; one failing does not keep the others running.
    for (const subscription of this.running.splice(0)) {
      try {
        await subscription.spec.beforeStop?.();
      } catch (error) {
        failures.push(error);
      }
      try {
        await subscription.detach()?.stop();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}

/** Nest's RPC filters reject with plain objects ({ status, message }); the stall report wants a message. */
function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

import { KafkaJSError, KafkaJSGroupCoordinatorNotFound } from 'kafkajs';

/**
 * kafkajs 2.2.4 gives a consumer up for good when its group coordinator
 * lookup finds no broker that answers. `findGroupCoordinatorMetadata` asks
 * each known broker in turn, swallows their connection errors, and throws
 * `KafkaJSGroupCoordinatorNotFound`, which is non-retriable; the consumer then
 * crashes with `restart: false` (kafkajs issues #1630 and #1445). A broker
 * restart or a short network cut is exactly that, so whether a consumer
 * survived one depended on which request met the outage first: a fetch or a
 * heartbeat (retriable, kafkajs restarts the consumer) or the coordinator
 * lookup (not, and the process exited).
 *
 * For consumers the lookup's "nobody answered" is made retriable: kafkajs
 * restarts the consumer, and whether it is still consuming is judged by the
 * liveness watch (consumer-liveness.ts: not ready after a bound, a
 * `not_consuming` stall and exit after a longer one), as for any outage.
 */

/** The slice of a kafkajs Cluster this wraps. */
export interface CoordinatorMetadataLookup {
  findGroupCoordinatorMetadata(request: { groupId: string; coordinatorType?: number }): Promise<object>;
}

/** The same failure, retriable; any other error is returned as it is (pure). */
export function retriableWhenNoBrokerAnswered(error: unknown): unknown {
  if (!(error instanceof KafkaJSGroupCoordinatorNotFound)) return error;
  const retriable = new KafkaJSError(`${error.message}: no known broker answered the lookup`, { retriable: true });
  // kafkajs' types make `name` read-only; its constructors set it just like this.
  Object.defineProperty(retriable, 'name', { value: error.name, writable: true, configurable: true });
  return retriable;
}

/** Wraps one cluster's lookup (a consumer's: kafka-client.ts). */
export function retryCoordinatorLookups(cluster: CoordinatorMetadataLookup): void {
  const lookup = cluster.findGroupCoordinatorMetadata.bind(cluster);
  cluster.findGroupCoordinatorMetadata = async (request) => {
    try {
      return await lookup(request);
    } catch (error) {
      throw retriableWhenNoBrokerAnswered(error);
    }
  };
}

/**
 * kafkajs asks the cluster for the transaction coordinator (FindCoordinator)
 * before every step of a transaction (AddPartitionsToTxn, AddOffsetsToTxn,
 * EndTxn) and for the group coordinator before TxnOffsetCommit
 * (node_modules/kafkajs/src/producer/eosManager): four to five lookups per
 * transaction, each a round trip before the step itself. The coordinator of a
 * transactional id or a group moves only when a broker fails or partitions
 * move, and then the broker says so (NOT_COORDINATOR, ...) or the connection
 * breaks. So a producer's cluster keeps each answer and looks again only
 * after such an error from the coordinator it kept.
 */

/** The slice of a kafkajs Cluster this cache wraps (its `findGroupCoordinator`). */
export interface CoordinatorLookup {
  findGroupCoordinator(request: { groupId: string; coordinatorType?: number }): Promise<object>;
}

/** Errors after which a kept coordinator may be wrong: the broker's own answers, and a broken or silent connection. */
const COORDINATOR_ERROR_TYPES: ReadonlySet<string> = new Set([
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_NOT_AVAILABLE',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_LOAD_IN_PROGRESS',
]);
const CONNECTION_ERROR_NAMES: ReadonlySet<string> = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError']);

/** Whether an error from a coordinator means it should be looked up again (pure; kafkajs errors carry `type` and `name`). */
export function isCoordinatorError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, name, code } = error as { type?: unknown; name?: unknown; code?: unknown };
  if (typeof type === 'string' && COORDINATOR_ERROR_TYPES.has(type)) return true;
  if (typeof name === 'string' && CONNECTION_ERROR_NAMES.has(name)) return true;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET';
}

/**
 * Replaces `cluster.findGroupCoordinator` with one that keeps each
 * coordinator (by key and type) and hands out a view of it whose failing
 * requests drop the kept one when the error says it may be stale, then rethrow
 * (kafkajs' own retry then asks again, and this time looks it up).
 */
export function cacheCoordinators(cluster: CoordinatorLookup): void {
  const lookup = cluster.findGroupCoordinator.bind(cluster);
  const kept = new Map<string, Promise<object>>();
  cluster.findGroupCoordinator = (request) => {
    const key = `${request.coordinatorType ?? 0}:${request.groupId}`;
    let found = kept.get(key);
    if (found === undefined) {
      found = lookup(request).then((broker) => forgettingOnError(broker, () => kept.get(key) === found && kept.delete(key)));
      // A failed lookup is not kept: the next call looks again.
      found.catch(() => kept.get(key) === found && kept.delete(key));
      kept.set(key, found);
    }
    return found;
  };
}

/** The broker, with every method call that rejects with a coordinator error also calling `forget`. */
function forgettingOnError<T extends object>(broker: T, forget: () => void): T {
  return new Proxy(broker, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = Reflect.apply(value, target, args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            if (isCoordinatorError(error)) forget();
            throw error;
          });
        }
        return result;
      };
    },
  });
}

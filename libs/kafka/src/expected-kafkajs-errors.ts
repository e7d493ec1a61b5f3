const CONCURRENT_TRANSACTIONS_TEXT = 'another concurrent operation on the same transaction';

/**
 * A transaction begun right after the previous EndTxn meets CONCURRENT_TRANSACTIONS
 * while the broker still writes that commit's markers; kafkajs retries it after a
 * few milliseconds (transactional-unit.ts) and it always goes through. kafkajs
 * logs each one twice at error level, several times a second under load: noise
 * that hides real errors, and a synchronous stderr write each.
 */
export function isExpectedTransactionRetry(log: { readonly error?: unknown; readonly message?: unknown }): boolean {
  const says = (text: unknown) => typeof text === 'string' && text.includes(CONCURRENT_TRANSACTIONS_TEXT);
  return says(log.error) || says(log.message);
}

const RETRY_LIMIT_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/**
 * kafkajs warns at every start of an idempotent producer whose retries are
 * bounded (the record writer's: createKafka's 10). The hazard it names, a
 * request that failed after its retries yet was written, leaving kafkajs'
 * sequence numbers behind the broker's, is handled where it arises: the
 * record writer goes on with a new producer after any failed request
 * (record-writer.ts, `renewProducer`). Printed by every app at start, the
 * warning would tell a reader of the logs of a risk that is not there.
 */
export function isHandledRetryLimitWarning(log: { readonly message?: unknown }): boolean {
  return log.message === RETRY_LIMIT_WARNING;
}

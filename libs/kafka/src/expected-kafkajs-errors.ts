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

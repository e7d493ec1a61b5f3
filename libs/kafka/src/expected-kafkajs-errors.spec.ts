import { isExpectedTransactionRetry, isHandledRetryLimitWarning } from './expected-kafkajs-errors';

describe('isExpectedTransactionRetry', () => {
  // The two lines kafkajs 2.2.4 logs for one CONCURRENT_TRANSACTIONS answer, as seen under load (bench/e2e).
  const text = 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';

  it('recognises both lines kafkajs logs for a CONCURRENT_TRANSACTIONS answer', () => {
    expect(isExpectedTransactionRetry({ message: 'Response AddPartitionsToTxn(key: 24, version: 1)', error: text })).toBe(true);
    expect(isExpectedTransactionRetry({ message: `Failed to send messages: ${text}` })).toBe(true);
  });

  it('lets every other error through', () => {
    expect(isExpectedTransactionRetry({ message: 'Response Produce(key: 0, version: 7)', error: 'The producer has been fenced' })).toBe(false);
    expect(isExpectedTransactionRetry({ message: 'Connection timeout' })).toBe(false);
    expect(isExpectedTransactionRetry({})).toBe(false);
  });
});

describe('isHandledRetryLimitWarning', () => {
  it('recognises the warning kafkajs 2.2.4 prints for an idempotent producer with bounded retries', () => {
    expect(isHandledRetryLimitWarning({ message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees' })).toBe(true);
  });

  it('lets every other line through', () => {
    expect(isHandledRetryLimitWarning({ message: 'The producer has been fenced' })).toBe(false);
    expect(isHandledRetryLimitWarning({})).toBe(false);
  });
});

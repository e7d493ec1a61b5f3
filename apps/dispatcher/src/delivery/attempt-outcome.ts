import type { AttemptFailed, AttemptSucceeded, DeliveryJob } from '@hookline/contracts';
import type { SendResult } from './http-sender';

/** Success is any 2xx within the timeout; 3xx counts as a failure because redirects are not followed. */
export function attemptFact(
  job: DeliveryJob,
  url: string,
  recordedHeaders: Record<string, string>,
  result: SendResult,
  startedAt: Date,
  traceId: string | null,
): AttemptSucceeded | AttemptFailed {
  const base = {
    v: 1 as const,
    messageId: job.messageId,
    endpointId: job.endpointId,
    attempt: job.attempt,
    at: startedAt.toISOString(),
    durationMs: Math.round(result.durationMs),
    url,
    requestHeaders: recordedHeaders,
    statusCode: result.statusCode,
    responseBodyPrefix: result.responseBodyPrefix,
    traceId,
  };
  const status = result.statusCode;
  if (status !== null && status >= 200 && status < 300) return { ...base, type: 'AttemptSucceeded' };
  const reason = result.failure ?? (status !== null && status >= 300 && status < 400 ? 'redirect' : 'http_status');
  return {
    ...base,
    type: 'AttemptFailed',
    reason,
    error: result.error ?? `endpoint answered ${status}`,
    nextAttemptAt: null,
  };
}

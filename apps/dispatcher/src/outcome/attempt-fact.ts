import type { AttemptFailed, AttemptSucceeded, DeliveryJob } from '@hookline/contracts';
import type { AttemptReport } from '../sending/attempt-runner';

export function attemptSucceeded(report: AttemptReport): boolean {
  const status = report.result.statusCode;
  return status !== null && status >= 200 && status < 300;
}

/** Success is any 2xx within the timeout; 3xx counts as a failure because redirects are not followed. */
export function attemptFact(job: DeliveryJob, report: AttemptReport, nextAttemptAt: Date | null): AttemptSucceeded | AttemptFailed {
  const { result } = report;
  const base = {
    v: 1 as const,
    messageId: job.messageId,
    endpointId: job.endpointId,
    attempt: job.attempt,
    sendId: report.sendId,
    at: report.startedAt.toISOString(),
    durationMs: Math.round(result.durationMs),
    url: report.url,
    requestHeaders: report.recordedHeaders,
    statusCode: result.statusCode,
    responseBodyPrefix: result.responseBodyPrefix,
    traceId: report.traceId,
  };
  if (attemptSucceeded(report)) return { ...base, type: 'AttemptSucceeded' };
  return {
    ...base,
    type: 'AttemptFailed',
    reason: result.failure ?? statusReason(result.statusCode),
    error: result.error ?? `endpoint answered ${result.statusCode}`,
    nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
  };
}

function statusReason(status: number | null): string {
  if (status === null) return 'network';
  if (status >= 300 && status < 400) return 'redirect';
  if (status === 410) return 'gone';
  if (status === 429) return 'rate_limited';
  return 'http_status';
}

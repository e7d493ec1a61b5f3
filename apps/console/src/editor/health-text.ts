import type { Schemas } from '../api/client';

/** The seed's Status line: "No recent delivery errors", or what is going wrong and since when. */
export function healthText(health: Schemas['EndpointHealthDto']): string {
  switch (health.status) {
    case 'failing': {
      const since = health.failingSince ?? health.verdict?.since ?? null;
      const error = health.lastError ?? health.verdict?.reason ?? 'deliveries are failing';
      return `Failing${since === null ? '' : ` since ${new Date(since).toLocaleString()}`}: ${error}`;
    }
    case 'healthy':
      return 'No recent delivery errors';
    case 'unknown':
      return 'No deliveries yet — No recent delivery errors';
    default:
      return health.status;
  }
}

/** What became of a test message at this endpoint, from GET /v1/messages/{id}; null while it is still on its way. */
export function testOutcome(message: Schemas['MessageDetailDto'], endpointId: string): string | null {
  const delivery = message.deliveries.find((d) => d.endpointId === endpointId);
  const last = delivery?.attemptLog[delivery.attemptLog.length - 1];
  if (delivery === undefined || last === undefined) return null;
  if (last.outcome === 'succeeded') return `Test event delivered (HTTP ${last.responseStatus ?? '2xx'} in ${last.durationMs} ms).`;
  return `Test event failed: ${last.responseStatus === null ? (last.error ?? last.reason ?? 'no response') : `HTTP ${last.responseStatus}`}${delivery.status === 'exhausted' ? '' : ' — it will be retried'}.`;
}

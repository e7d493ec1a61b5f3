import { API_VERSION, type DeliveryJob, type WebhookEnvelope } from '@hookline/contracts';
import { legacyHexSignature, standardWebhookSignature } from './signing';

export interface DeliveryRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
  /** The same headers with signatures replaced, safe to record and log. */
  readonly recordedHeaders: Record<string, string>;
}

export interface DeliveryRequestInput {
  readonly job: DeliveryJob;
  /** Plain secrets, newest first. */
  readonly secrets: readonly string[];
  readonly legacySignatureHeader: string | null;
  readonly customHeaders: Readonly<Record<string, string>>;
  readonly userAgent: string;
  readonly traceparent: string | null;
  readonly now: Date;
}

const REDACTED = '[redacted]';

/** Builds the signed request of the public contract for one attempt of one job. */
export function buildDeliveryRequest(input: DeliveryRequestInput): DeliveryRequest {
  const { job } = input;
  const envelope: WebhookEnvelope = {
    id: job.messageId,
    type: job.eventType,
    api_version: API_VERSION,
    created_at: job.createdAt,
    liveMode: true,
    project_id: job.projectId,
    data: { object: job.data },
  };
  const body = JSON.stringify(envelope);
  const timestamp = Math.floor(input.now.getTime() / 1000);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.customHeaders)) headers[name.toLowerCase()] = value;
  Object.assign(headers, {
    'content-type': 'application/json',
    'user-agent': input.userAgent,
    'webhook-id': job.messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardWebhookSignature(job.messageId, timestamp, body, input.secrets),
    'x-project-id': job.projectId,
  });
  const legacyHeader = input.legacySignatureHeader?.toLowerCase() ?? null;
  if (legacyHeader !== null && input.secrets[0] !== undefined) {
    headers[legacyHeader] = legacyHexSignature(body, input.secrets[0]);
  }
  if (input.traceparent !== null) headers.traceparent = input.traceparent;

  return { body, headers, recordedHeaders: redactRequestHeaders(headers) };
}

/** Headers whose values the engine sets and that carry no secret; everything else is recorded as redacted. */
export const HEADERS_RECORDED_IN_CLEAR: readonly string[] = ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'x-project-id', 'traceparent'];
const RECORDED_IN_CLEAR = new Set(HEADERS_RECORDED_IN_CLEAR);

/**
 * The request headers as the history may show them: every name, and the
 * values of the engine's own non-secret headers. Signatures and custom header
 * values (often credentials) read `[redacted]`. The projection applies it
 * again to attempt facts written before custom values were redacted.
 */
export function redactRequestHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, RECORDED_IN_CLEAR.has(name.toLowerCase()) ? value : REDACTED]));
}

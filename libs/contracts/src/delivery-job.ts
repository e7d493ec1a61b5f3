/**
 * One delivery of one message to one endpoint, on `deliveries` (and later on the
 * retry tiers), keyed by endpoint id. The dispatcher has no database on its hot
 * path, so the job carries what it needs to build the request.
 */
export interface DeliveryJob {
  readonly v: 1;
  readonly messageId: string;
  readonly endpointId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly eventType: string;
  readonly projectId: string;
  readonly data: Record<string, unknown>;
  /** Unix seconds; the envelope's `created_at`. */
  readonly createdAt: number;
  /** Unix ms before which the job must not be attempted (retries). */
  readonly dueAt: number | null;
  readonly traceparent: string | null;
  /**
   * Why the job exists; absent means `fanout` (jobs written before this field).
   * `test`, `resend` and `recover` come from the operations API.
   */
  readonly origin?: DeliveryJobOrigin;
}

export type DeliveryJobOrigin = 'fanout' | 'test' | 'resend' | 'recover';

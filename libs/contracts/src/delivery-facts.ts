/**
 * Facts appended to `delivery-log`, keyed by endpoint id (MessageAccepted by
 * project id). Message history in Postgres is a projection of these.
 */
export interface MessageAccepted {
  readonly type: 'MessageAccepted';
  readonly v: 1;
  readonly messageId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly projectId: string;
  /** The event's `data`, as delivered inside `data.object`. */
  readonly data: Record<string, unknown>;
  /** Unix seconds of the event's creation (the envelope's `created_at`). */
  readonly createdAt: number;
  /** ISO-8601 time ingest accepted it. */
  readonly acceptedAt: string;
  /** Every endpoint that got a job for it. */
  readonly endpointIds: readonly string[];
  readonly traceparent: string | null;
}

interface AttemptBase {
  readonly v: 1;
  readonly messageId: string;
  readonly endpointId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /**
   * Unique per request sent: a job repeated after a dispatcher crash is sent
   * again under the same attempt number, and each send is its own history row.
   * Absent in facts written before it existed (one row per attempt number).
   */
  readonly sendId?: string;
  /** ISO-8601 time the request started. */
  readonly at: string;
  readonly durationMs: number;
  readonly url: string;
  /** Request headers as sent, with signatures and secrets redacted. */
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly statusCode: number | null;
  readonly responseBodyPrefix: string | null;
  readonly traceId: string | null;
}

export interface AttemptSucceeded extends AttemptBase {
  readonly type: 'AttemptSucceeded';
}

export interface AttemptFailed extends AttemptBase {
  readonly type: 'AttemptFailed';
  /** Machine-readable reason: `http_status`, `timeout`, `connection_refused`, `redirect`… */
  readonly reason: string;
  readonly error: string | null;
  /** ISO-8601 time of the next attempt, or null when none is scheduled. */
  readonly nextAttemptAt: string | null;
}

export interface MessageExhausted {
  readonly type: 'MessageExhausted';
  readonly v: 1;
  readonly messageId: string;
  readonly endpointId: string;
  readonly attempts: number;
  readonly at: string;
}

/**
 * The dispatcher's view of an endpoint's health changed: `failing` once a
 * message exhausted its schedule, `healthy` again after a success.
 */
export interface EndpointHealthChanged {
  readonly type: 'EndpointHealthChanged';
  readonly v: 1;
  readonly endpointId: string;
  readonly health: 'healthy' | 'failing';
  readonly reason: string;
  readonly at: string;
}

export type DeliveryFact = MessageAccepted | AttemptSucceeded | AttemptFailed | MessageExhausted | EndpointHealthChanged;

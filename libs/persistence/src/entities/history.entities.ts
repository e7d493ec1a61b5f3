import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `messages`: one row per accepted message (the first MessageAccepted wins). */
@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'project_id', type: 'text' })
  projectId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;

  @Column({ type: 'text', nullable: true })
  traceparent!: string | null;
}

/** `message_deliveries`: the status of one message at one endpoint, which the history API lists. */
@Entity({ name: 'message_deliveries' })
export class MessageDeliveryEntity {
  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @PrimaryColumn({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  @Column({ type: 'text' })
  status!: 'pending' | 'succeeded' | 'failed' | 'exhausted';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;
}

/** `attempts`: one row per HTTP request whose answer the dispatcher saw; `send_id` tells repeats of one attempt apart. */
@Entity({ name: 'attempts' })
export class AttemptEntity {
  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @PrimaryColumn({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  @PrimaryColumn({ type: 'integer' })
  attempt!: number;

  @PrimaryColumn({ name: 'send_id', type: 'text', default: '' })
  sendId!: string;

  @Column({ type: 'text' })
  outcome!: 'succeeded' | 'failed';

  @Column({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt!: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ type: 'text' })
  url!: string;

  /** Redacted: header values the endpoint configured are never stored in clear. */
  @Column({ name: 'request_headers', type: 'jsonb' })
  requestHeaders!: Record<string, string>;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'response_body_prefix', type: 'text', nullable: true })
  responseBodyPrefix!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'trace_id', type: 'text', nullable: true })
  traceId!: string | null;
}

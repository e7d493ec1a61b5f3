import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EndpointScope, HeaderValue } from '@hookline/contracts';

/** `endpoints`: one row per endpoint, written by the registry projection (raw upserts), read by the registry. */
@Entity({ name: 'endpoints' })
export class EndpointEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'account_id', type: 'text', nullable: true })
  accountId!: string | null;

  @Column({ name: 'project_id', type: 'text', nullable: true })
  projectId!: string | null;

  @Column({ type: 'text' })
  scope!: EndpointScope;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ name: 'rate_limit_per_second', type: 'integer', nullable: true })
  rateLimitPerSecond!: number | null;

  /** Header values are withheld (`{ withheld: true }`) or sealed; never clear text (migration 11000). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers!: Record<string, HeaderValue>;

  @Column({ name: 'timeout_ms', type: 'integer' })
  timeoutMs!: number;

  @Column({ name: 'retry_schedule', type: 'integer', array: true, nullable: true })
  retrySchedule!: number[] | null;

  @Column({ type: 'text' })
  ordering!: 'unordered' | 'fifo';

  @Column({ name: 'legacy_signature_header', type: 'text', nullable: true })
  legacySignatureHeader!: string | null;

  @Column({ type: 'text' })
  status!: 'enabled' | 'disabled';

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  /** Sealed with the master key. */
  @Column({ type: 'text' })
  secret!: string;

  @Column({ name: 'previous_secret', type: 'text', nullable: true })
  previousSecret!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** `deleted_endpoints`: tombstones, so a late delivery fact cannot bring a deleted endpoint's history back. */
@Entity({ name: 'deleted_endpoints' })
export class DeletedEndpointEntity {
  @PrimaryColumn({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  @Column({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt!: Date;
}

/** `endpoint_stats`: attempt counters per endpoint, maintained by the history projection. */
@Entity({ name: 'endpoint_stats' })
export class EndpointStatsEntity {
  @PrimaryColumn({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  // bigint: pg returns it as a string (it may exceed 2^53).
  @Column({ type: 'bigint', default: 0 })
  total!: string;

  @Column({ type: 'bigint', default: 0 })
  succeeded!: string;

  @Column({ type: 'bigint', default: 0 })
  failed!: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;
}

/** `endpoint_health`: the dispatcher's latest verdict per endpoint (EndpointHealthChanged). */
@Entity({ name: 'endpoint_health' })
export class EndpointHealthEntity {
  @PrimaryColumn({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  @Column({ type: 'text' })
  health!: 'healthy' | 'failing';

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz' })
  since!: Date;
}

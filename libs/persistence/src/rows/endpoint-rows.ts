import type { HeaderValue } from '@hookline/contracts';
import { withholdClearHeaders, type EndpointState } from '@hookline/domain';

/** The endpoints table row, as pg returns it. */
export interface EndpointRow {
  id: string;
  account_id: string | null;
  project_id: string | null;
  scope: 'project' | 'account';
  url: string;
  description: string;
  event_types: string[];
  rate_limit_per_second: number | null;
  /** Sealed values, or `{ withheld: true }` for clear values of facts older than sealing: never a clear value. */
  headers: Record<string, HeaderValue>;
  timeout_ms: number;
  retry_schedule: number[] | null;
  ordering: 'unordered' | 'fifo';
  legacy_signature_header: string | null;
  status: 'enabled' | 'disabled';
  disabled_reason: string | null;
  version: number;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const ENDPOINT_COLUMNS = [
  'id',
  'account_id',
  'project_id',
  'scope',
  'url',
  'description',
  'event_types',
  'rate_limit_per_second',
  'headers',
  'timeout_ms',
  'retry_schedule',
  'ordering',
  'legacy_signature_header',
  'status',
  'disabled_reason',
  'version',
  'secret',
  'previous_secret',
  'previous_secret_expires_at',
  'created_at',
  'updated_at',
] as const;

export function endpointStateFromRow(row: EndpointRow): EndpointState {
  return {
    endpointId: row.id,
    accountId: row.account_id,
    projectId: row.project_id,
    scope: row.scope,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    rateLimitPerSecond: row.rate_limit_per_second,
    headers: row.headers,
    timeoutMs: row.timeout_ms,
    retrySchedule: row.retry_schedule,
    ordering: row.ordering,
    legacySignatureHeader: row.legacy_signature_header,
    status: row.status,
    disabledReason: row.disabled_reason,
    version: row.version,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Values in ENDPOINT_COLUMNS order, for parameterised inserts. */
export function endpointRowValues(state: EndpointState): unknown[] {
  return [
    state.endpointId,
    state.accountId,
    state.projectId,
    state.scope,
    state.url,
    state.description,
    [...state.eventTypes],
    state.rateLimitPerSecond,
    JSON.stringify(withholdClearHeaders(state.headers)),
    state.timeoutMs,
    state.retrySchedule === null ? null : [...state.retrySchedule],
    state.ordering,
    state.legacySignatureHeader,
    state.status,
    state.disabledReason,
    state.version,
    state.secret,
    state.previousSecret,
    state.previousSecretExpiresAt,
    state.createdAt,
    state.updatedAt,
  ];
}

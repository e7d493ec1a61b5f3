import { DomainError } from '@hookline/domain';
import { DELIVERY_STATUSES } from '@hookline/persistence/queries';

export interface MessageListParams {
  readonly status?: string;
  readonly eventType?: string;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: string;
  readonly cursor?: string;
}

export interface TimeRangeParams {
  readonly since?: string;
  readonly until?: string;
}

export interface MessageListRequest {
  readonly status?: string;
  readonly eventType?: string;
  readonly since?: Date;
  readonly until?: Date;
  readonly limit: number;
  readonly cursor?: string;
}

/** Query strings to a typed request; a bad value answers 422 naming the field. */
export function parseMessageList(params: MessageListParams): MessageListRequest {
  const limit = params.limit === undefined ? 50 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
    throw new DomainError('validation', 'invalid_limit', 'limit must be a whole number from 1 to 250', { field: 'limit' });
  }
  if (params.status !== undefined && !DELIVERY_STATUSES.some((s) => s === params.status)) {
    throw new DomainError('validation', 'invalid_status', `status must be one of ${DELIVERY_STATUSES.join(', ')}`, { field: 'status' });
  }
  return {
    ...parseTimeRange(params),
    status: params.status,
    eventType: params.eventType === '' ? undefined : params.eventType,
    limit,
    cursor: params.cursor === '' ? undefined : params.cursor,
  };
}

export function parseTimeRange(params: TimeRangeParams): { since?: Date; until?: Date } {
  const since = parseTime(params.since, 'since');
  const until = parseTime(params.until, 'until');
  if (since !== undefined && until !== undefined && since >= until) {
    throw new DomainError('validation', 'invalid_time_range', 'since must be before until', { field: 'since' });
  }
  return { since, until };
}

/** RFC 3339 date-time, as the OpenAPI document declares (`format: date-time`); `new Date` alone would take "2020" or "". */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function parseTime(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (!DATE_TIME.test(value) || Number.isNaN(time.getTime())) {
    throw new DomainError('validation', 'invalid_time', `${field} must be an ISO-8601 time`, { field });
  }
  return time;
}

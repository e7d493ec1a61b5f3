import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class ApiErrorDetail {
  @ApiProperty({ example: 'url_not_https', description: 'Stable, machine-readable' })
  code!: string;

  @ApiProperty({ example: 'endpoint url must use https' })
  message!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { field: 'url' } })
  details?: Record<string, unknown>;
}

/** `{ error: { code, message, details? } }`: every non-2xx answer of the API. */
export class ApiErrorBody {
  @ApiProperty({ type: ApiErrorDetail })
  error!: ApiErrorDetail;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (e.g. not JSON)',
  401: 'Missing or unknown bearer token',
  403: "The caller's role may not do this (only the admin token creates accounts; project keys create no keys)",
  405: 'The path exists but not with this method; `Allow` lists the methods',
  413: 'The body is larger than the limit',
  415: 'The body must be `application/json`',
  404: 'Unknown id, or one that belongs to another tenant',
  409: 'Conflict: stale version, or the name is taken',
  422: 'Validation failed; `code` and `details.field` name the rule and the field',
  503: 'Stored, but not yet visible: read again shortly',
};

/**
 * The error answers of a route, in the one error shape. 400 (a body that is
 * not JSON), 401 and 413 (a body over the limit) can happen on every route,
 * since the body is parsed before routing, so they are always added.
 */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...[...new Set([400, 401, 413, ...statuses])]
      .sort((a, b) => a - b)
      .map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? `HTTP ${status}`, type: ApiErrorBody })),
  );
}

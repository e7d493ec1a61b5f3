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
  403: 'Only the admin token may do this',
  404: 'Unknown id, or one that belongs to another tenant',
  409: 'Conflict: stale version, or the name is taken',
  422: 'Validation failed; `code` and `details.field` name the rule and the field',
  503: 'Stored, but not yet visible: read again shortly',
};

/** The error answers of a route, in the one error shape; 401 applies to every route and is always added. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...[...new Set([401, ...statuses])].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? `HTTP ${status}`, type: ApiErrorBody }),
    ),
  );
}

import type { ApiError } from '../api/client';

/** The API's validation codes, in the words of the form; the field comes from `details.field`. */
const MESSAGES: Record<string, string> = {
  url_invalid: 'Enter a valid URL, e.g. https://example.com/webhook',
  url_not_https: 'The URL must start with https://',
  url_has_credentials: 'Put credentials in a custom header, not in the URL',
  description_required: 'Enter a description',
  event_types_required: 'Select at least one event type',
  unknown_event_type: 'Unknown event type',
  rate_limit_out_of_range: 'Rate limit must be between 1 and 10000 per second, or blank for no limit',
  timeout_out_of_range: 'Timeout must be between 1000 and 30000 ms',
  retry_schedule_invalid: 'Retry schedule: 1–20 delays between 1s and 7d, e.g. 10s, 1m, 5m',
  header_reserved: 'That header is set by Hookline and cannot be overridden',
  header_name_invalid: 'Header names may contain letters, digits and dashes',
  header_value_invalid: 'Header values must be printable text',
  header_duplicate: 'Each header name may appear once',
};

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Maps an API validation error to the form field it names (`eventTypes[0]` → `eventTypes`). */
export function fieldErrorOf(error: ApiError): FieldError {
  const raw = typeof error.details?.field === 'string' ? error.details.field : 'form';
  const field = raw.replace(/[[.].*$/, '');
  return { field, message: MESSAGES[error.code] ?? error.message };
}

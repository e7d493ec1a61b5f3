import type { PublishRejection } from './publish-event';

/**
 * The HTTP status for each reason the door refuses an event; the body carries
 * the reason as `code`, the same code a dead letter on the Kafka door carries.
 * 400: the bytes are not a JSON object at all; 413: too large; 422: JSON we
 * understood but will not accept; 404: a project the key cannot see. A 500
 * (`internal_error`) means a bug, never bad input. 401: no valid key.
 */
export function statusForRejection(reason: PublishRejection | 'unauthorized'): number {
  switch (reason) {
    case 'unauthorized':
      return 401;
    case 'not_json':
    case 'not_an_object':
    case 'invalid_utf8':
      return 400;
    case 'payload_too_large':
      return 413;
    case 'unknown_project':
      return 404;
    case 'too_deep':
    case 'nul_character':
    case 'lone_surrogate':
    case 'missing_type':
    case 'missing_project':
    case 'invalid_id':
    case 'data_not_object':
    case 'unknown_event_type':
    case 'schema_mismatch':
    case 'project_required':
      return 422;
    case 'internal_error':
      return 500;
    default: {
      const unreachable: never = reason;
      throw new Error(`no status for ${String(unreachable)}`);
    }
  }
}

import { HEADERS_RECORDED_IN_CLEAR } from '@hookline/domain';
import { sqlMigration } from './sql-migration';

/** SQL literals of the headers recorded in clear (plain lowercase names, no quoting needed beyond the quotes). */
const CLEAR = HEADERS_RECORDED_IN_CLEAR.map((name) => `'${name}'`).join(', ');

/**
 * Issue 11: custom header values are secrets. Rows projected before it hold
 * them in clear; this brings them to what the projection writes now, so a
 * migrated database equals a rebuilt one:
 * - endpoints.headers: a clear (string) value becomes `{"withheld": true}`;
 * - attempts.request_headers: every value but the engine's own non-secret
 *   headers becomes `[redacted]` (the rule of `redactRequestHeaders`).
 */
export const RedactHeaderValues1763700011000 = sqlMigration('RedactHeaderValues1763700011000', {
  up: [
    `
      UPDATE endpoints SET headers = (
        SELECT coalesce(jsonb_object_agg(key, CASE WHEN jsonb_typeof(value) = 'string' THEN '{"withheld": true}'::jsonb ELSE value END), '{}'::jsonb)
        FROM jsonb_each(headers))
      WHERE EXISTS (SELECT 1 FROM jsonb_each(headers) WHERE jsonb_typeof(value) = 'string')`,
    `
      UPDATE attempts SET request_headers = (
        SELECT coalesce(jsonb_object_agg(key, CASE WHEN lower(key) IN (${CLEAR}) THEN value ELSE '"[redacted]"'::jsonb END), '{}'::jsonb)
        FROM jsonb_each(request_headers))
      WHERE EXISTS (SELECT 1 FROM jsonb_each(request_headers) WHERE lower(key) NOT IN (${CLEAR}) AND value <> '"[redacted]"'::jsonb)`,
  ],
  down: [
    // Redaction cannot be undone; the clear values are gone from the read models on purpose.
  ],
});

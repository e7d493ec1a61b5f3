import { sqlMigration } from './sql-migration';

/** Read models of DESIGN.md: endpoints, message history, attempts, stats, and projector checkpoints. */
export const InitialReadModels1763700000000 = sqlMigration('InitialReadModels1763700000000', {
  up: [
    `
      CREATE TABLE endpoints (
        id text PRIMARY KEY,
        account_id text,
        project_id text,
        scope text NOT NULL CHECK (scope IN ('project', 'account')),
        url text NOT NULL,
        description text NOT NULL,
        event_types text[] NOT NULL,
        rate_limit_per_second integer,
        headers jsonb NOT NULL DEFAULT '{}',
        timeout_ms integer NOT NULL,
        retry_schedule integer[],
        ordering text NOT NULL,
        legacy_signature_header text,
        status text NOT NULL,
        disabled_reason text,
        version integer NOT NULL,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    `CREATE INDEX endpoints_by_project ON endpoints (project_id, id)`,
    `CREATE INDEX endpoints_by_account ON endpoints (account_id, id)`,

    `
      CREATE TABLE messages (
        id text PRIMARY KEY,
        project_id text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        accepted_at timestamptz NOT NULL,
        traceparent text
      )`,
    `CREATE INDEX messages_by_accepted_at ON messages (accepted_at DESC, id DESC)`,

    // One row per (message, endpoint): the per-endpoint status the history API lists. Attempt facts
    // and MessageAccepted travel on different partitions, so either may create the row first.
    `
      CREATE TABLE message_deliveries (
        message_id text NOT NULL,
        endpoint_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'exhausted')),
        attempts integer NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        next_attempt_at timestamptz,
        PRIMARY KEY (message_id, endpoint_id)
      )`,
    `CREATE INDEX message_deliveries_by_endpoint ON message_deliveries (endpoint_id, status)`,

    `
      CREATE TABLE attempts (
        message_id text NOT NULL,
        endpoint_id text NOT NULL,
        attempt integer NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
        attempted_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        url text NOT NULL,
        request_headers jsonb NOT NULL,
        status_code integer,
        response_body_prefix text,
        reason text,
        error text,
        trace_id text,
        PRIMARY KEY (message_id, endpoint_id, attempt)
      )`,
    `CREATE INDEX attempts_by_endpoint ON attempts (endpoint_id, attempted_at)`,

    `
      CREATE TABLE endpoint_stats (
        endpoint_id text PRIMARY KEY,
        total bigint NOT NULL DEFAULT 0,
        succeeded bigint NOT NULL DEFAULT 0,
        failed bigint NOT NULL DEFAULT 0,
        last_error text,
        last_error_at timestamptz,
        last_success_at timestamptz
      )`,

    `
      CREATE TABLE projector_checkpoints (
        topic text NOT NULL,
        partition integer NOT NULL,
        next_offset bigint NOT NULL,
        PRIMARY KEY (topic, partition)
      )`,
  ],
  down: [
    `DROP TABLE IF EXISTS projector_checkpoints`,
    `DROP TABLE IF EXISTS endpoint_stats`,
    `DROP TABLE IF EXISTS attempts`,
    `DROP TABLE IF EXISTS message_deliveries`,
    `DROP TABLE IF EXISTS messages`,
    `DROP TABLE IF EXISTS endpoints`,
  ],
});

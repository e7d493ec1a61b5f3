import { sqlMigration } from './sql-migration';

/**
 * One attempt row per request sent, not per attempt number: a job repeated
 * after a dispatcher crash is sent again under the same number with a new
 * `send_id`, and the history shows both sends, as the receiver saw them.
 * Facts written before send ids existed project with `send_id = ''`, which
 * keeps their old key (message, endpoint, attempt), so a rebuild of an old log
 * gives the same rows as before.
 */
export const AttemptSendId1763700005000 = sqlMigration('AttemptSendId1763700005000', {
  up: [
    `ALTER TABLE attempts ADD COLUMN send_id text NOT NULL DEFAULT ''`,
    `ALTER TABLE attempts DROP CONSTRAINT attempts_pkey`,
    `ALTER TABLE attempts ADD PRIMARY KEY (message_id, endpoint_id, attempt, send_id)`,
  ],
  down: [
    // Keeps the first send of each attempt number, as the old key did.
    `
      DELETE FROM attempts a USING attempts b
      WHERE a.message_id = b.message_id AND a.endpoint_id = b.endpoint_id AND a.attempt = b.attempt
        AND (a.attempted_at, a.send_id) > (b.attempted_at, b.send_id)`,
    `ALTER TABLE attempts DROP CONSTRAINT attempts_pkey`,
    `ALTER TABLE attempts DROP COLUMN send_id`,
    `ALTER TABLE attempts ADD PRIMARY KEY (message_id, endpoint_id, attempt)`,
  ],
});

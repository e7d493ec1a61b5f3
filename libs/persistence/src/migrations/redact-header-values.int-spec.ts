import { createScratchDatabase, type ScratchDatabase } from '@hookline/testing';
import { createDataSource } from '../data-source';
import { RedactHeaderValues1763700011000 } from './1763700011000-redact-header-values';

/** Rows projected before issue 11 hold header values in clear; the migration leaves none. */
describe('migration: redact header values', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
  }, 60_000);

  afterAll(async () => {
    await scratch?.drop();
  });

  it('withholds clear endpoint header values and redacts custom request header values', async () => {
    const db = await createDataSource({ databaseUrl: scratch.url, poolSize: 1, applicationName: 'migration-test' }).initialize();
    try {
      const sealed = { sealed: 'v1.a.b.c' };
      await db.query(
        `INSERT INTO endpoints (id, scope, url, description, event_types, headers, timeout_ms, ordering, status, version, secret, created_at, updated_at)
         VALUES ('ep_1', 'project', 'https://x', 'd', '{*}', $1, 10000, 'unordered', 'enabled', 1, 's', now(), now())`,
        [JSON.stringify({ Authorization: 'Basic c2VjcmV0', 'X-Sealed': sealed })],
      );
      await db.query(
        `INSERT INTO attempts (message_id, endpoint_id, attempt, outcome, attempted_at, duration_ms, url, request_headers)
         VALUES ('msg_1', 'ep_1', 1, 'succeeded', now(), 3, 'https://x', $1)`,
        [
          JSON.stringify({
            authorization: 'Basic c2VjcmV0',
            'x-token': 'tok_1',
            'webhook-id': 'msg_1',
            'Content-Type': 'application/json',
            'webhook-signature': '[redacted]',
          }),
        ],
      );
      const runner = db.createQueryRunner();
      await new RedactHeaderValues1763700011000().up(runner);
      await runner.release();

      const [endpoint] = await db.query(`SELECT headers FROM endpoints WHERE id = 'ep_1'`);
      expect(endpoint.headers).toEqual({ Authorization: { withheld: true }, 'X-Sealed': sealed });
      const [attempt] = await db.query(`SELECT request_headers FROM attempts WHERE message_id = 'msg_1'`);
      expect(attempt.request_headers).toEqual({
        authorization: '[redacted]',
        'x-token': '[redacted]',
        'webhook-id': 'msg_1',
        'Content-Type': 'application/json',
        'webhook-signature': '[redacted]',
      });
    } finally {
      await db.destroy();
    }
  });
});

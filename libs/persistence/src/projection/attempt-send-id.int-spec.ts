import type { DataSource } from 'typeorm';
import type { AttemptFailed, AttemptSucceeded, DeliveryFact, MessageAccepted } from '@hookline/contracts';
import { createScratchDatabase, type ScratchDatabase } from '@hookline/testing';
import { createDataSource } from '../data-source';
import { projectDeliveryFacts } from './history.projection';

const accepted = (messageId: string): MessageAccepted => ({
  type: 'MessageAccepted',
  v: 1,
  messageId,
  eventId: `evt_${messageId}`,
  eventType: 'message.sent',
  projectId: 'proj_send_id',
  data: { n: 1 },
  createdAt: 1_790_000_000,
  acceptedAt: '2026-12-02T10:00:00.000Z',
  endpointIds: ['ep_1'],
  traceparent: null,
});

const attempt = (messageId: string, n: number, sendId: string | undefined, ok: boolean, at: string): AttemptSucceeded | AttemptFailed => {
  const base = {
    v: 1 as const,
    messageId,
    endpointId: 'ep_1',
    attempt: n,
    ...(sendId === undefined ? {} : { sendId }),
    at,
    durationMs: 12,
    url: 'https://hooks.example.com/a',
    requestHeaders: { 'webhook-id': messageId },
    statusCode: ok ? 204 : 500,
    responseBodyPrefix: '',
    traceId: null,
  };
  return ok
    ? { ...base, type: 'AttemptSucceeded' }
    : { ...base, type: 'AttemptFailed', reason: 'http_status', error: 'endpoint answered 500', nextAttemptAt: null };
};

// m1: sent, the dispatcher died before committing, sent again after its restart (same attempt number, new send id),
// and the projector sees the second send's fact twice (a replayed batch). m2: facts from before send ids existed.
const facts: DeliveryFact[] = [
  accepted('m1'),
  accepted('m2'),
  attempt('m1', 1, 'send-a', false, '2026-12-02T10:00:01.000Z'),
  attempt('m2', 1, undefined, true, '2026-12-02T10:00:01.500Z'),
  attempt('m1', 1, 'send-b', true, '2026-12-02T10:00:02.000Z'),
  attempt('m1', 1, 'send-b', true, '2026-12-02T10:00:02.000Z'),
  attempt('m2', 1, undefined, true, '2026-12-02T10:00:03.000Z'),
];

describe('attempt projection: one row per request sent', () => {
  let scratch: ScratchDatabase;
  let db: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    db = createDataSource({ databaseUrl: scratch.url, poolSize: 2 });
    await db.initialize();
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  const snapshot = async () => ({
    attempts: await db.query(`SELECT message_id, attempt, send_id, outcome FROM attempts ORDER BY message_id, attempted_at, send_id`),
    deliveries: await db.query(`SELECT message_id, status, attempts FROM message_deliveries ORDER BY message_id`),
    stats: await db.query(`SELECT total::int, succeeded::int, failed::int FROM endpoint_stats`),
  });

  it('keeps a repeated send as its own row, a replayed fact once, and old facts by their old key — however the log is cut', async () => {
    const expected = {
      attempts: [
        { message_id: 'm1', attempt: 1, send_id: 'send-a', outcome: 'failed' },
        { message_id: 'm1', attempt: 1, send_id: 'send-b', outcome: 'succeeded' },
        { message_id: 'm2', attempt: 1, send_id: '', outcome: 'succeeded' },
      ],
      deliveries: [
        { message_id: 'm1', status: 'succeeded', attempts: 1 },
        { message_id: 'm2', status: 'succeeded', attempts: 1 },
      ],
      stats: [{ total: 3, succeeded: 2, failed: 1 }],
    };
    for (let cut = 0; cut <= facts.length; cut++) {
      await db.query(`TRUNCATE attempts, message_deliveries, messages, endpoint_stats`);
      await db.transaction((tx) => projectDeliveryFacts(tx, facts.slice(0, cut)));
      await db.transaction((tx) => projectDeliveryFacts(tx, facts.slice(cut)));
      expect({ cut, ...(await snapshot()) }).toEqual({ cut, ...expected });
      // Replaying the whole log (a projector restart from an older checkpoint) changes nothing.
      await db.transaction((tx) => projectDeliveryFacts(tx, facts));
      expect({ cut, ...(await snapshot()) }).toEqual({ cut, ...expected });
    }
  });
});

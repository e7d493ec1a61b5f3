import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { AttemptSucceeded, EndpointDeleted, MessageAccepted } from '@hookline/contracts';
import { createScratchDatabase, type ScratchDatabase } from '@hookline/testing';
import { createDataSource } from '../data-source';
import { forgetDeletedEndpoints } from './history-deletion';
import { projectDeliveryFacts } from './history.projection';
import { projectRegistryFacts } from './registry.projection';

const AT = '2026-12-06T05:00:00.000Z';
const accepted = (messageId: string, endpointId: string): MessageAccepted => ({
  type: 'MessageAccepted',
  v: 1,
  messageId,
  eventId: `evt_${messageId}`,
  eventType: 'message.sent',
  projectId: 'proj_race',
  data: {},
  createdAt: 1_796_533_200,
  acceptedAt: AT,
  endpointIds: [endpointId],
  traceparent: null,
});
const succeeded = (messageId: string, endpointId: string): AttemptSucceeded => ({
  type: 'AttemptSucceeded',
  v: 1,
  messageId,
  endpointId,
  attempt: 1,
  sendId: `send_${messageId}`,
  at: AT,
  durationMs: 3,
  url: 'https://hooks.example.com/race',
  requestHeaders: {},
  statusCode: 204,
  responseBodyPrefix: null,
  traceId: null,
});
const deleted = (endpointId: string): EndpointDeleted => ({ type: 'EndpointDeleted', v: 1, endpointId, version: 2, at: AT });

/** The registry and history consumers project in concurrent transactions (the projector's two subscriptions). */
describe('deleting an endpoint while its history is being projected (Postgres)', () => {
  let scratch: ScratchDatabase;
  let db: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase({ label: 'deletion_race' });
    db = await createDataSource({ databaseUrl: scratch.url, poolSize: 4 }).initialize();
  });

  afterAll(async () => {
    await db.destroy();
    await scratch.drop();
  });

  it('leaves no row of the endpoint, whichever transaction commits first', async () => {
    // Would catch history written on a "not deleted" read that the deletion then misses: the history batch's rows
    // are not yet committed when the deletion's DELETEs run, and appear after them.
    const endpointId = 'ep_race';
    let written!: () => void;
    const historyWritten = new Promise<void>((resolve) => (written = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const history = db.transaction(async (tx) => {
      await projectDeliveryFacts(tx, [accepted('msg_race_1', endpointId), succeeded('msg_race_1', endpointId)]);
      written();
      await gate;
    });
    await historyWritten;
    let deletionDone = false;
    const deletion = db
      .transaction(async (tx) => {
        await projectRegistryFacts(tx, [deleted(endpointId)]);
        await forgetDeletedEndpoints(tx, [deleted(endpointId)]);
      })
      .then(() => (deletionDone = true));
    await sleep(300);
    // The deletion waits for the history batch in flight, then removes what it wrote.
    expect(deletionDone).toBe(false);
    release();
    await Promise.all([history, deletion]);

    const left = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE endpoint_id = $1`, [endpointId]))[0].n);
    expect({ attempts: await left('attempts'), deliveries: await left('message_deliveries'), stats: await left('endpoint_stats') }).toEqual({
      attempts: 0,
      deliveries: 0,
      stats: 0,
    });

    // And a history batch after the deletion sees the tombstone and writes nothing for it.
    await db.transaction((tx) => projectDeliveryFacts(tx, [accepted('msg_race_2', endpointId), succeeded('msg_race_2', endpointId)]));
    expect(await left('attempts')).toBe(0);
  });
});

import type { DataSource } from 'typeorm';
import { createScratchDatabase, type ScratchDatabase } from '@hookline/testing';
import { createDataSource } from '../data-source';
import {
  claimForDoor,
  claimMessageIds,
  confirmDedupeClaims,
  PENDING_CLAIM_MS,
  pruneDedupeClaims,
  releaseDedupeClaims,
  type DedupeClaim,
} from './ingest-dedupe.store';

const HOUR = 3_600_000;
const WINDOW = 24 * HOUR;
const T0 = new Date('2026-03-01T00:00:00.000Z');

/** Ingest's dedupe claims against a real Postgres: its own scratch database, so other tests' claims never meet these. */
describe('ingest dedupe claims (Postgres)', () => {
  let scratch: ScratchDatabase;
  let db: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    db = await connect('dedupe-int');
  });

  afterAll(async () => {
    await db.destroy();
    await scratch.drop();
  });

  const connect = (name: string) => createDataSource({ databaseUrl: scratch.url, poolSize: 12, applicationName: name }).initialize();
  const claim = (messageId: string, offset: number, partition = 0): DedupeClaim => ({ messageId, topic: 'hookline.events', partition, offset: String(offset) });
  const at = (ms: number) => new Date(T0.getTime() + ms);

  it('lets exactly one of many concurrent claims of one message id win', async () => {
    // Would catch a check-then-insert (SELECT, then INSERT … DO NOTHING) or a RETURNING that skips conflicting
    // rows: two ingest partitions racing on one id would both see "new" and the message would be fanned out twice.
    for (let round = 0; round < 20; round += 1) {
      const id = `msg_race_${round}`;
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claimMessageIds(db, [claim(id, i, i)], WINDOW, T0)));
      const winners = results.filter((duplicates) => !duplicates.has(id));
      expect(winners).toHaveLength(1);
    }
  });

  it('never deadlocks when concurrent batches claim overlapping ids in different orders', async () => {
    // Two partitions can carry the same (projectId, id)s in different orders. Claims that lock their rows in
    // arrival order deadlock (Postgres aborts one batch with 40P01 and ingest re-reads it); in key order they queue.
    for (let round = 0; round < 5; round += 1) {
      const ids = Array.from({ length: 2_000 }, (_, i) => `msg_order_${round}_${String(i).padStart(5, '0')}`);
      const forward = ids.map((id, i) => claim(id, i, 0));
      const backward = [...ids].reverse().map((id, i) => claim(id, i, 1));
      const [one, two] = await Promise.all([claimMessageIds(db, forward, WINDOW, T0), claimMessageIds(db, backward, WINDOW, T0)]);
      // Every id has one winner: a duplicate for exactly one of the two batches.
      for (const id of ids) expect(Number(one.has(id)) + Number(two.has(id))).toBe(1);
    }
  });

  it('is re-entrant for the record that made the claim, also after a restart, and only for it', async () => {
    // A crash after claiming but before the Kafka transaction commits replays the same record: if the claim
    // did not remember its record, the replay would be dropped as its own duplicate and the event lost.
    const first = claim('msg_reentrant', 41, 3);
    expect(await claimMessageIds(db, [first], WINDOW, T0)).toEqual(new Set());
    const restarted = await connect('dedupe-int-restarted');
    try {
      expect(await claimMessageIds(restarted, [first], WINDOW, at(HOUR))).toEqual(new Set());
      expect(await claimMessageIds(restarted, [claim('msg_reentrant', 42, 3)], WINDOW, at(HOUR))).toEqual(new Set(['msg_reentrant']));
      expect(await claimMessageIds(restarted, [claim('msg_reentrant', 41, 4)], WINDOW, at(HOUR))).toEqual(new Set(['msg_reentrant']));
      expect(await claimMessageIds(restarted, [{ ...first, topic: 'other.events' }], WINDOW, at(HOUR))).toEqual(new Set(['msg_reentrant']));
    } finally {
      await restarted.destroy();
    }
  });

  it('answers per id within one batch: new ids win, ids claimed by another record are duplicates', async () => {
    await claimMessageIds(db, [claim('msg_batch_old', 1)], WINDOW, T0);
    const duplicates = await claimMessageIds(db, [claim('msg_batch_new_a', 10), claim('msg_batch_old', 11), claim('msg_batch_new_b', 12)], WINDOW, T0);
    expect(duplicates).toEqual(new Set(['msg_batch_old']));
  });

  it('treats a repeat within the window as a duplicate and lets a record after the window take the id over', async () => {
    // Would catch an off-by-window comparison or a takeover that does not move the claim to the new record.
    await claimMessageIds(db, [claim('msg_window', 1)], WINDOW, T0);
    expect(await claimMessageIds(db, [claim('msg_window', 2)], WINDOW, at(WINDOW))).toEqual(new Set(['msg_window']));
    expect(await claimMessageIds(db, [claim('msg_window', 3)], WINDOW, at(WINDOW + 1))).toEqual(new Set());
    // The id now belongs to offset 3: its replay is re-entrant, the old record is now the duplicate.
    expect(await claimMessageIds(db, [claim('msg_window', 3)], WINDOW, at(WINDOW + 2))).toEqual(new Set());
    expect(await claimMessageIds(db, [claim('msg_window', 1)], WINDOW, at(WINDOW + 2))).toEqual(new Set(['msg_window']));
  });

  it('releases only the claims the named records own, so the id is free again for another record', async () => {
    // Would catch a release by message id alone: it would delete another record's claim and let a duplicate through.
    await claimMessageIds(db, [claim('msg_release_mine', 7, 2), claim('msg_release_theirs', 8, 2)], WINDOW, T0);
    await releaseDedupeClaims(db, [claim('msg_release_mine', 7, 2), claim('msg_release_theirs', 9, 2)]);
    expect(await claimMessageIds(db, [claim('msg_release_mine', 50, 5)], WINDOW, T0)).toEqual(new Set());
    expect(await claimMessageIds(db, [claim('msg_release_theirs', 51, 5)], WINDOW, T0)).toEqual(new Set(['msg_release_theirs']));
    await releaseDedupeClaims(db, []);
  });

  describe("the HTTP door's pending claims", () => {
    const door = (messageId: string, token: number): DedupeClaim => ({ messageId, topic: 'http', partition: 0, offset: String(token) });

    it('answers another request in progress while pending, a duplicate once confirmed', async () => {
      // Would catch a door claim that counts as done before its transaction committed: a retry of a request whose
      // transaction then failed would get 202 for an event nobody fanned out.
      expect(await claimForDoor(db, [door('msg_door_a', 1)], WINDOW, T0)).toEqual(new Map([['msg_door_a', 'won']]));
      expect(await claimForDoor(db, [door('msg_door_a', 2)], WINDOW, at(1000))).toEqual(new Map([['msg_door_a', 'in_progress']]));
      expect(await claimMessageIds(db, [claim('msg_door_a', 5)], WINDOW, at(1000))).toEqual(new Set(['msg_door_a']));
      await confirmDedupeClaims(db, [door('msg_door_a', 2)]); // not its claim: changes nothing
      expect(await claimForDoor(db, [door('msg_door_a', 3)], WINDOW, at(2000))).toEqual(new Map([['msg_door_a', 'in_progress']]));
      await confirmDedupeClaims(db, [door('msg_door_a', 1)]);
      expect(await claimForDoor(db, [door('msg_door_a', 4)], WINDOW, at(PENDING_CLAIM_MS + 1))).toEqual(new Map([['msg_door_a', 'duplicate']]));
    });

    it('lets a retry take over a pending claim nobody confirmed in time, from either door', async () => {
      // Would catch a crashed door's claim that holds its id for the whole window: the caller's retry would be
      // answered "in progress" for a day while the event was never fanned out.
      await claimForDoor(db, [door('msg_door_b', 10), door('msg_door_c', 11)], WINDOW, T0);
      expect(await claimForDoor(db, [door('msg_door_b', 12)], WINDOW, at(PENDING_CLAIM_MS - 1))).toEqual(new Map([['msg_door_b', 'in_progress']]));
      expect(await claimForDoor(db, [door('msg_door_b', 12)], WINDOW, at(PENDING_CLAIM_MS + 1))).toEqual(new Map([['msg_door_b', 'won']]));
      expect(await claimMessageIds(db, [claim('msg_door_c', 13)], WINDOW, at(PENDING_CLAIM_MS + 1))).toEqual(new Set());
      // The Kafka door's claim is not pending: the next door request meets a duplicate.
      expect(await claimForDoor(db, [door('msg_door_c', 14)], WINDOW, at(PENDING_CLAIM_MS + 2))).toEqual(new Map([['msg_door_c', 'duplicate']]));
    });

    it('confirms earlier claims in the statement of the next claim, and only the claims named', async () => {
      // Would catch a claim statement that drops the confirmations it carries: the door's committed events would
      // stay pending and, after PENDING_CLAIM_MS, a retry of one would be fanned out a second time.
      await claimForDoor(db, [door('msg_ride_a', 30), door('msg_ride_b', 31)], WINDOW, T0);
      const answers = await claimForDoor(db, [door('msg_ride_c', 32), door('msg_ride_a', 33)], WINDOW, at(1), [door('msg_ride_b', 31), door('msg_ride_x', 99)]);
      // msg_ride_a's confirmation was not carried: it is still another request's, in progress.
      expect(answers).toEqual(
        new Map([
          ['msg_ride_a', 'in_progress'],
          ['msg_ride_c', 'won'],
        ]),
      );
      expect(await claimForDoor(db, [door('msg_ride_b', 34)], WINDOW, at(PENDING_CLAIM_MS + 1))).toEqual(new Map([['msg_ride_b', 'duplicate']]));
      expect(await claimForDoor(db, [door('msg_ride_a', 35)], WINDOW, at(PENDING_CLAIM_MS + 1))).toEqual(new Map([['msg_ride_a', 'won']]));
      // With nothing to claim, the confirmations go alone.
      expect(await claimForDoor(db, [], WINDOW, at(2), [door('msg_ride_c', 32)])).toEqual(new Map());
      expect(await claimForDoor(db, [door('msg_ride_c', 36)], WINDOW, at(PENDING_CLAIM_MS + 2))).toEqual(new Map([['msg_ride_c', 'duplicate']]));
    });

    it('frees the id when the door releases its claim after a failed transaction', async () => {
      await claimForDoor(db, [door('msg_door_d', 20)], WINDOW, T0);
      await releaseDedupeClaims(db, [door('msg_door_d', 20)]);
      expect(await claimForDoor(db, [door('msg_door_d', 21)], WINDOW, at(1))).toEqual(new Map([['msg_door_d', 'won']]));
    });
  });

  it('prunes only claims older than the window, a bounded batch at a time', async () => {
    await db.query(`DELETE FROM ingest_dedupe`);
    const old = Array.from({ length: 5 }, (_, i) => claim(`msg_prune_old_${i}`, i));
    await claimMessageIds(db, old, WINDOW, T0);
    await claimMessageIds(db, [claim('msg_prune_young', 100)], WINDOW, at(2 * HOUR));
    const now = at(WINDOW + HOUR); // old claims are 25 h old, the young one 23 h

    // Would catch a DELETE without its LIMIT (one huge transaction on a big table) or with the cutoff reversed.
    expect(await pruneDedupeClaims(db, WINDOW, now, 2)).toBe(2);
    expect(await pruneDedupeClaims(db, WINDOW, now, 2)).toBe(2);
    expect(await pruneDedupeClaims(db, WINDOW, now, 2)).toBe(1);
    expect(await pruneDedupeClaims(db, WINDOW, now, 2)).toBe(0);
    const left: Array<{ message_id: string }> = await db.query(`SELECT message_id FROM ingest_dedupe ORDER BY 1`);
    expect(left).toEqual([{ message_id: 'msg_prune_young' }]);
    // A pruned id is free again: the next record with it is a new message, not a duplicate.
    expect(await claimMessageIds(db, [claim('msg_prune_old_0', 200)], WINDOW, now)).toEqual(new Set());
  });
});

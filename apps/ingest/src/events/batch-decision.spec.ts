import type { ConsumedRecord } from '@hookline/kafka';
import type { DedupeClaim } from '@hookline/persistence/dedupe';
import { decideBatch, type BatchDecisionSteps } from './batch-decision';
import type { AdmittedEvent, ClassifiedEvent, RejectedEvent } from './event-batch';

const source = { topic: 'hookline.events', partition: 2 };
const record = (offset: number) => ({ offset: String(offset), key: null, value: null, headers: {}, timestamp: '0', attributes: 0 }) as ConsumedRecord;
const messages = [record(10), record(11), record(12)];

const admitted = (message: ConsumedRecord, messageId: string, producerGaveId = true): AdmittedEvent =>
  ({
    kind: 'admitted',
    message,
    messageId,
    producerGaveId,
    event: { id: messageId, type: 't', projectId: 'p', data: {} },
    accountId: 'a',
    traceparent: null,
  }) as AdmittedEvent;
const rejected = (message: ConsumedRecord): RejectedEvent => ({ kind: 'rejected', message, reason: 'unknown_event_type', detail: 'not yet registered' });

/** Steps over a fake view whose version moves when `waitUntilCurrent` runs, if told to; Postgres as a map of owners. */
function steps(options: { factsDuringWait: number; classifyAt: (version: number) => ClassifiedEvent[]; owners?: Map<string, string> }) {
  let version = 5;
  const owners = options.owners ?? new Map<string, string>();
  const log: string[] = [];
  const own = (claim: DedupeClaim) => `${claim.partition}@${claim.offset}`;
  const s: BatchDecisionSteps = {
    source,
    viewVersion: () => version,
    classify: () => options.classifyAt(version),
    waitUntilCurrent: async () => {
      log.push('wait');
      await new Promise((resolve) => setImmediate(resolve));
      version += options.factsDuringWait;
      log.push('current');
    },
    claim: async (claims) => {
      log.push(`claim ${claims.map((c) => c.messageId).join(',')}`);
      const elsewhere = new Set<string>();
      for (const claim of claims) {
        const owner = owners.get(claim.messageId);
        if (owner === undefined) owners.set(claim.messageId, own(claim));
        else if (owner !== own(claim)) elsewhere.add(claim.messageId);
      }
      return elsewhere;
    },
    release: async (claims) => {
      log.push(`release ${claims.map((c) => c.messageId).join(',')}`);
      for (const claim of claims) if (owners.get(claim.messageId) === own(claim)) owners.delete(claim.messageId);
    },
  };
  return { steps: s, log, owners };
}

const offsets = (set: Set<ConsumedRecord>) => [...set].map((m) => m.offset).sort();

describe('decideBatch', () => {
  it('claims beside the wait and keeps the early classification when no registry fact arrived meanwhile', async () => {
    const classified = [
      admitted(messages[0] as ConsumedRecord, 'm1'),
      admitted(messages[1] as ConsumedRecord, 'm1'),
      admitted(messages[2] as ConsumedRecord, 'm2'),
    ];
    const owners = new Map([['m2', '7@99']]);
    let classifications = 0;
    const { steps: s, log } = steps({ factsDuringWait: 0, owners, classifyAt: () => ((classifications += 1), classified) });
    const decision = await decideBatch(s);
    // The claim went out while the wait was still pending: it does not wait for the registry.
    expect(log).toEqual(['wait', 'claim m1,m2', 'current']);
    expect(classifications).toBe(1);
    expect(decision.classified).toBe(classified);
    // The in-batch repeat of m1, and m2 that another record owns.
    expect(offsets(decision.duplicates)).toEqual(['11', '12']);
  });

  it('decides again on the current view when facts arrived, withdrawing claims of records no longer admitted before making new ones', async () => {
    // Before the wait: record 10 admitted as m1, record 11 rejected. After: an account type now rejects 10; 11 is admitted as m1 too.
    const classifyAt = (version: number): ClassifiedEvent[] =>
      version === 5
        ? [admitted(messages[0] as ConsumedRecord, 'm1'), rejected(messages[1] as ConsumedRecord), admitted(messages[2] as ConsumedRecord, 'm3')]
        : [rejected(messages[0] as ConsumedRecord), admitted(messages[1] as ConsumedRecord, 'm1'), admitted(messages[2] as ConsumedRecord, 'm3')];
    const { steps: s, log, owners } = steps({ factsDuringWait: 2, classifyAt });
    const decision = await decideBatch(s);
    expect(log).toEqual(['wait', 'claim m1,m3', 'current', 'release m1', 'claim m1']);
    expect(decision.classified.map((c) => c.kind)).toEqual(['rejected', 'admitted', 'admitted']);
    // Without the release, record 11 would find record 10's claim and be dropped as a duplicate.
    expect(offsets(decision.duplicates)).toEqual([]);
    expect(owners).toEqual(
      new Map([
        ['m1', '2@11'],
        ['m3', '2@12'],
      ]),
    );
  });

  it('does not claim ids ingest made up, nor for rejected records', async () => {
    const classified = [admitted(messages[0] as ConsumedRecord, 'm_generated', false), rejected(messages[1] as ConsumedRecord)];
    const { steps: s, log } = steps({ factsDuringWait: 0, classifyAt: () => classified });
    expect(offsets((await decideBatch(s)).duplicates)).toEqual([]);
    expect(log).toEqual(['wait', 'claim ', 'current']);
  });
});

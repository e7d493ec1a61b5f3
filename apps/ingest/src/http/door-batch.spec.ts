import type { OutgoingRecord } from '@hookline/kafka';
import type { DoorClaimAnswer } from '@hookline/persistence/dedupe';
import { doorBatchOutput, failedBatch, planDoorClaims, settleFollowers, type DoorOutcome } from './door-batch';
import type { DoorEvent } from './publish-event';

const event = (id: string, producerGaveId = true): DoorEvent => ({
  event: { id, type: 'message.read', projectId: 'proj_1', data: {} },
  messageId: `msg_${id}`,
  accountId: 'acc_1',
  producerGaveId,
});
const tokens = () => {
  let n = 0;
  return () => String((n += 1));
};
const twoRecords = (e: DoorEvent): OutgoingRecord[] => [
  { topic: 'deliveries', key: 'ep_1', value: e.messageId },
  { topic: 'delivery-log', key: 'proj_1', value: `accepted ${e.messageId}` },
];
const outcomesOf = (map: Map<number, DoorOutcome>) => [...map].sort(([a], [b]) => a - b).map(([, outcome]) => outcome.kind);

describe('the HTTP door batch', () => {
  it('claims the first request with each producer-given id, and no id the door made up', () => {
    const plan = planDoorClaims([event('a'), event('b'), event('a'), event('gen', false), event('b')], tokens());
    expect([...plan.claims].map(([index, claim]) => [index, claim.messageId, claim.topic, claim.offset])).toEqual([
      [0, 'msg_a', 'http', '1'],
      [1, 'msg_b', 'http', '2'],
    ]);
    expect([...plan.leaderOf]).toEqual([
      [2, 0],
      [4, 1],
    ]);
  });

  it('fans out what won or needed no claim, and answers duplicates and requests in progress without records', () => {
    const events = [event('won'), event('dup'), event('busy'), event('gen', false), event('won')];
    const plan = planDoorClaims(events, tokens());
    const answers = new Map<string, DoorClaimAnswer>([
      ['msg_won', 'won'],
      ['msg_dup', 'duplicate'],
      ['msg_busy', 'in_progress'],
    ]);
    const output = doorBatchOutput(events, plan, answers, twoRecords);
    expect(output.records.map((r) => r.value)).toEqual(['msg_won', 'accepted msg_won', 'msg_gen', 'accepted msg_gen']);
    expect(output.fannedOut.map((c) => c.messageId)).toEqual(['msg_won']);
    expect(outcomesOf(settleFollowers(output.outcomes, plan))).toEqual(['accepted', 'duplicate', 'in_progress', 'accepted', 'duplicate']);
  });

  it('answers a fan-out that throws or is too large alone, and releases its claim so a valid copy is not a duplicate', () => {
    const events = [event('boom'), event('huge'), event('fine')];
    const plan = planDoorClaims(events, tokens());
    const answers = new Map<string, DoorClaimAnswer>(events.map((e) => [e.messageId, 'won']));
    const output = doorBatchOutput(events, plan, answers, (e) => {
      if (e.event.id === 'boom') throw new TypeError('bug');
      return e.event.id === 'huge' ? [{ topic: 'deliveries', key: 'ep_1', value: 'x'.repeat(1_000_001) }] : twoRecords(e);
    });
    expect([...output.outcomes.values()]).toEqual([
      { kind: 'rejected', reason: 'internal_error', message: 'TypeError: bug' },
      { kind: 'rejected', reason: 'payload_too_large', message: expect.stringContaining('1000005-byte record') },
      { kind: 'accepted', jobs: 1 },
    ]);
    expect(output.rejected.map((c) => c.messageId)).toEqual(['msg_boom', 'msg_huge']);
    expect(output.fannedOut.map((c) => c.messageId)).toEqual(['msg_fine']);
  });

  it('answers a request refused on the current view as refused, releases its claim, and its repeats share the refusal', () => {
    const events = [event('gone'), event('fine'), event('gone')];
    const plan = planDoorClaims(events, tokens());
    const answers = new Map<string, DoorClaimAnswer>(events.map((e) => [e.messageId, 'won']));
    const refusal = { kind: 'rejected', reason: 'unknown_event_type', message: 'message.read is not registered' } as const;
    const output = doorBatchOutput(events, plan, answers, (e, index) => (e.event.id === 'gone' ? refusal : twoRecords(events[index] as DoorEvent)));
    expect(output.records.map((r) => r.value)).toEqual(['msg_fine', 'accepted msg_fine']);
    expect(output.rejected.map((c) => c.messageId)).toEqual(['msg_gone']);
    expect(output.fannedOut.map((c) => c.messageId)).toEqual(['msg_fine']);
    const outcomes = settleFollowers(output.outcomes, plan);
    expect(outcomes.get(0)).toEqual(refusal);
    expect(outcomes.get(2)).toEqual(refusal);
  });

  it('fails every accepted request of a batch whose transaction failed, and their repeats with them', () => {
    const events = [event('a'), event('dup'), event('a')];
    const plan = planDoorClaims(events, tokens());
    const answers = new Map<string, DoorClaimAnswer>([
      ['msg_a', 'won'],
      ['msg_dup', 'duplicate'],
    ]);
    const failed = settleFollowers(failedBatch(doorBatchOutput(events, plan, answers, twoRecords), 'broker gone'), plan);
    expect(outcomesOf(failed)).toEqual(['failed', 'duplicate', 'failed']);
    expect(failed.get(2)).toEqual({ kind: 'failed', message: 'broker gone' });
  });
});

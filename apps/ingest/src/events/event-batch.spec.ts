import type { ConsumedRecord } from '@hookline/kafka';
import { topicNames, type RegistryFact } from '@hookline/contracts';
import { EventSchemaValidators, RegistryView, ENDPOINT_DELIVERY_DEFAULTS } from '@hookline/domain';
import {
  batchOutput,
  classify,
  deadLetterRecord,
  fanOutRecords,
  MAX_OUTPUT_RECORD_BYTES,
  type AdmittedEvent,
  type ClassifiedEvent,
  type RejectedEvent,
} from './event-batch';

const at = '2026-11-21T10:00:00.000Z';
const view = new RegistryView();
for (const fact of [
  { type: 'AccountCreated', v: 1, accountId: 'acc_1', name: 'Acme', at },
  { type: 'ProjectCreated', v: 1, projectId: 'proj_1', accountId: 'acc_1', name: 'Shop', at },
  {
    type: 'EndpointCreated',
    v: 1,
    endpointId: 'ep_partner',
    version: 1,
    at,
    accountId: 'acc_1',
    projectId: null,
    scope: 'account',
    secret: 's',
    url: 'https://p.example',
    description: 'd',
    eventTypes: ['message.*'],
    ...ENDPOINT_DELIVERY_DEFAULTS,
    legacySignatureHeader: null,
  },
  {
    type: 'EventTypeCreated',
    v: 1,
    accountId: 'acc_1',
    name: 'order.paid',
    description: 'paid',
    at,
    schema: { type: 'object', required: ['amount'] },
  },
] as unknown as RegistryFact[])
  view.apply(fact);

const message = (value: string, offset = '7'): ConsumedRecord =>
  ({ key: Buffer.from('k'), value: Buffer.from(value), offset, headers: { traceparent: Buffer.from('00-abc-def-01') } }) as unknown as ConsumedRecord;

describe('ingest batch', () => {
  const topics = topicNames('hookline.');
  const [good, bad] = classify(
    { topic: 'hookline.events', partition: 2 },
    [message(JSON.stringify({ id: 'e1', type: 'message.read', projectId: 'proj_1', data: {} })), message('not json', '8')],
    view,
    new EventSchemaValidators(),
    { maxBytes: 1024 },
  ) as [AdmittedEvent, RejectedEvent];

  it('admits a valid event with its account and trace context', () => {
    expect(good).toMatchObject({ kind: 'admitted', accountId: 'acc_1', traceparent: '00-abc-def-01', event: { id: 'e1' } });
    expect(good.messageId).toMatch(/^msg_/);
  });

  it('fans out to the partner endpoint of the project account and records MessageAccepted', () => {
    const records = fanOutRecords(good, view, topics, new Date(at), '00-trace-span-01');
    expect(records.map((r) => [r.topic, r.key])).toEqual([
      ['hookline.deliveries', 'ep_partner'],
      ['hookline.delivery-log', 'proj_1'],
    ]);
    expect(JSON.parse(records[1]!.value.toString())).toMatchObject({ type: 'MessageAccepted', endpointIds: ['ep_partner'], traceparent: '00-trace-span-01' });
  });

  it('dead-letters bad input with its original bytes and position', () => {
    expect(bad).toMatchObject({ kind: 'rejected', reason: 'not_json' });
    const record = deadLetterRecord({ topic: 'hookline.events', partition: 2 }, bad, topics, new Date(at));
    const letter = JSON.parse(record.value.toString());
    expect(letter).toMatchObject({ reason: 'not_json', source: { topic: 'hookline.events', partition: 2, offset: '8' }, key: 'k' });
    expect(Buffer.from(letter.value, 'base64').toString()).toBe('not json');
    expect(letter.headers).toEqual({ traceparent: '00-abc-def-01' });
  });

  it('dead-letters a record whose checks throw (a bug) as internal_error, and classifies the others', () => {
    const throwing = {
      check: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    } as unknown as EventSchemaValidators;
    const [paid, read] = classify(
      { topic: 'hookline.events', partition: 0 },
      [
        message(JSON.stringify({ type: 'order.paid', projectId: 'proj_1', data: {} }), '1'),
        message(JSON.stringify({ type: 'message.read', projectId: 'proj_1', data: {} }), '2'),
      ],
      view,
      throwing,
      { maxBytes: 1024 },
    );
    expect(paid).toMatchObject({ kind: 'rejected', reason: 'internal_error', detail: 'RangeError: Maximum call stack size exceeded' });
    expect(read).toMatchObject({ kind: 'admitted' });
  });

  it('rejects 5,000 levels of nesting as too_deep instead of overflowing the stack on fan-out (issue 10, finding 1)', () => {
    const deep = `{"type":"message.read","projectId":"proj_1","data":{"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`;
    const [item] = classify({ topic: 'hookline.events', partition: 0 }, [message(deep)], view, new EventSchemaValidators(), { maxBytes: 262_144 });
    expect(item).toMatchObject({ kind: 'rejected', reason: 'too_deep' });
  });

  it('dead-letters a ~900 KB record in a record the broker accepts (issue 10, finding 2)', () => {
    const huge = JSON.stringify({ type: 'message.read', projectId: 'proj_1', data: { pad: 'x'.repeat(900_000) } });
    const [item] = classify({ topic: 'hookline.events', partition: 0 }, [message(huge)], view, new EventSchemaValidators(), { maxBytes: 262_144 });
    expect(item).toMatchObject({ kind: 'rejected', reason: 'payload_too_large' });
    const record = deadLetterRecord({ topic: 'hookline.events', partition: 0 }, item as RejectedEvent, topics, new Date(at));
    expect(record.value.length).toBeLessThan(100_000);
    expect(JSON.parse(record.value.toString())).toMatchObject({ valueBytes: Buffer.byteLength(huge), truncated: ['value'] });
  });

  describe('batchOutput', () => {
    const source = { topic: 'hookline.events', partition: 2 };
    const items = classify(
      source,
      [
        message(JSON.stringify({ id: 'a', type: 'message.read', projectId: 'proj_1', data: {} }), '1'),
        message('{', '2'),
        message(JSON.stringify({ id: 'b', type: 'message.read', projectId: 'proj_1', data: {} }), '3'),
      ],
      view,
      new EventSchemaValidators(),
      { maxBytes: 1024 },
    );
    const fanOut = (item: AdmittedEvent) => fanOutRecords(item, view, topics, new Date(at), null);
    const letters = (records: { topic: string; value: Buffer | string }[]) =>
      records
        .filter((r) => r.topic === topics.deadLetter)
        .map((r) => JSON.parse(r.value.toString()) as { reason: string; source: { offset: string }; message: string });

    it('fans out admitted events, dead-letters rejected ones and writes nothing for duplicates', () => {
      const { records, outcomes } = batchOutput(source, items, (item) => item.event.id === 'b', fanOut, topics, new Date(at));
      expect(outcomes).toMatchObject([{ kind: 'accepted', jobs: 1 }, { kind: 'rejected', reason: 'not_json', offset: '2' }, { kind: 'duplicate' }]);
      expect(records.map((r) => r.topic)).toEqual([topics.deliveries, topics.deliveryLog, topics.deadLetter]);
    });

    it('dead-letters the one record whose fan-out throws, and goes on with the rest', () => {
      const throwingFor = (item: AdmittedEvent) => {
        if (item.event.id === 'a') throw new RangeError('Maximum call stack size exceeded');
        return fanOut(item);
      };
      const { records, outcomes } = batchOutput(source, items, () => false, throwingFor, topics, new Date(at));
      expect(outcomes.map((o) => o.kind)).toEqual(['rejected', 'rejected', 'accepted']);
      expect(letters(records)).toMatchObject([
        { reason: 'internal_error', source: { offset: '1' }, message: 'RangeError: Maximum call stack size exceeded' },
        { reason: 'not_json', source: { offset: '2' } },
      ]);
    });

    it('dead-letters an event whose fan-out would need a record over the broker limit', () => {
      const bloated = (item: AdmittedEvent) => fanOut(item).map((r) => ({ ...r, value: Buffer.alloc(MAX_OUTPUT_RECORD_BYTES + 1) }));
      const { outcomes } = batchOutput(source, items.slice(0, 1) as ClassifiedEvent[], () => false, bloated, topics, new Date(at));
      expect(outcomes).toMatchObject([{ kind: 'rejected', reason: 'payload_too_large' }]);
    });
  });
});

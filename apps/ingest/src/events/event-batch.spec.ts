import type { KafkaMessage } from 'kafkajs';
import { topicNames, type RegistryFact } from '@hookline/contracts';
import { EventSchemaValidators, RegistryView } from '@hookline/domain';
import { classify, deadLetterRecord, fanOutRecords, type AdmittedEvent, type RejectedEvent } from './event-batch';

const at = '2026-11-21T10:00:00.000Z';
const view = new RegistryView();
for (const fact of [
  { type: 'AccountCreated', v: 1, accountId: 'acc_1', name: 'Acme', at },
  { type: 'ProjectCreated', v: 1, projectId: 'proj_1', accountId: 'acc_1', name: 'Shop', at },
  {
    type: 'EndpointCreated', v: 1, endpointId: 'ep_partner', version: 1, at, accountId: 'acc_1', projectId: null, scope: 'account',
    secret: 's', url: 'https://p.example', description: 'd', eventTypes: ['message.*'], rateLimitPerSecond: null, headers: {},
    timeoutMs: 10_000, retrySchedule: null, ordering: 'unordered', legacySignatureHeader: null,
  },
] as unknown as RegistryFact[]) view.apply(fact);

const message = (value: string, offset = '7'): KafkaMessage =>
  ({ key: Buffer.from('k'), value: Buffer.from(value), offset, headers: { traceparent: Buffer.from('00-abc-def-01') } }) as unknown as KafkaMessage;

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
});

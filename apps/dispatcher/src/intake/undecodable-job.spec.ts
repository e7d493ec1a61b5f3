import type { ConsumedRecord } from '@hookline/kafka';
import { createHash } from 'node:crypto';
import type { DeadLetter, DeliveryJob } from '@hookline/contracts';
import { DEAD_LETTER_BOUNDS } from '@hookline/domain';
import { decodeJob, undecodableJobRecord } from './undecodable-job';

const job: DeliveryJob = {
  v: 1,
  messageId: 'msg_1',
  endpointId: 'ep_1',
  attempt: 1,
  eventType: 'message.read',
  projectId: 'proj_1',
  data: {},
  createdAt: 1_764_000_000,
  dueAt: null,
  traceparent: null,
};

const record = (value: Buffer | null): ConsumedRecord => ({ key: Buffer.from('ep_1'), value, timestamp: '0', offset: '12', headers: { h: Buffer.from('v') } });

describe('decodeJob', () => {
  it('decodes a job', () => {
    expect(decodeJob(Buffer.from(JSON.stringify(job)))).toEqual({ kind: 'job', job });
  });

  it.each([
    ['an empty value', null, 'empty record value'],
    ['random bytes', Buffer.from([0xde, 0xad, 0xbe, 0xef]), 'not JSON'],
    ['a JSON string', Buffer.from('"job"'), 'not a JSON object'],
    ['a job without an endpoint', Buffer.from(JSON.stringify({ ...job, endpointId: undefined })), 'endpointId'],
    ['a job with attempt 0 and dueAt as text', Buffer.from(JSON.stringify({ ...job, attempt: 0, dueAt: 'soon' })), 'attempt, dueAt'],
  ])('calls %s undecodable instead of throwing', (_what, value, why) => {
    const decoded = decodeJob(value);
    expect(decoded.kind).toBe('undecodable');
    expect(decoded.kind === 'undecodable' ? decoded.why : '').toContain(why);
  });
});

describe('undecodableJobRecord', () => {
  const decode = (value: Buffer | string): DeadLetter => JSON.parse(value.toString()) as DeadLetter;

  it('is the ingest dead-letter shape with reason undecodable_job, the source position and the bytes', () => {
    const out = undecodableJobRecord('p.dead-letter', { topic: 'p.deliveries', partition: 2 }, record(Buffer.from('garbage')), 'not JSON', new Date(0));
    expect(out.topic).toBe('p.dead-letter');
    expect(out.key).toBe('ep_1');
    expect(decode(out.value)).toEqual({
      type: 'InputRejected',
      v: 2,
      reason: 'undecodable_job',
      message: 'not JSON',
      source: { topic: 'p.deliveries', partition: 2, offset: '12' },
      key: 'ep_1',
      headers: { h: 'v' },
      value: Buffer.from('garbage').toString('base64'),
      valueBytes: 7,
      valueSha256: createHash('sha256').update('garbage').digest('hex'),
      truncated: [],
      at: '1970-01-01T00:00:00.000Z',
    });
  });

  it('keeps a bounded prefix of a huge value and says so, so the dead letter fits the broker', () => {
    const huge = Buffer.alloc(900 * 1024, 0x61);
    const out = undecodableJobRecord('p.dead-letter', { topic: 'p.deliveries', partition: 0 }, record(huge), 'not a delivery job', new Date(0));
    const letter = decode(out.value);
    expect(Buffer.from(letter.value ?? '', 'base64')).toHaveLength(DEAD_LETTER_BOUNDS.valueBytes);
    expect(letter.truncated).toEqual(['value']);
    expect(letter.valueBytes).toBe(huge.length);
    expect(letter.valueSha256).toBe(createHash('sha256').update(huge).digest('hex'));
    expect(out.value.length).toBeLessThan(128 * 1024);
  });
});

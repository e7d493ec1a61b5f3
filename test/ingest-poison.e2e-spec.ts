import { createHash } from 'node:crypto';
import type { DeadLetter } from '@hookline/contracts';
import {
  createTenant,
  jsonValues,
  type ProducedEvent,
  produceEvents,
  readTopic,
  RegistryClient,
  type RunningEngine,
  startEngine,
  startWebhookReceiver,
  type TenantFixture,
  type WebhookReceiver,
} from '@hookline/testing';
import { encodedSurrogateEvent, invalidUtf8Event, nestedEvent, paddedEvent } from './ingest-poison-inputs';

/**
 * Issue 10, findings 1 and 2 and the door decision: no input stops ingest.
 * Each poison record sits between valid events on one partition; the valid
 * ones after it must still arrive, in order, from the same ingest process.
 */
describe('ingest: poison input at both doors', () => {
  let engine: RunningEngine;
  let receiver: WebhookReceiver;
  let tenant: TenantFixture;
  let ingestUrl: string;
  let projectId: string;

  const delivered = () => receiver.requests.map((r) => (JSON.parse(r.body) as { data: { object: { n?: number } } }).data.object.n);
  const valid = (n: number) => JSON.stringify({ id: `ok_${n}`, type: 'message.read', projectId, data: { n } });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // The default 256 KiB event limit, as in finding 2.
    engine = await startEngine();
    const admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    tenant = await createTenant(admin, 'Poison Co', 1);
    projectId = tenant.projectIds[0] as string;
    ingestUrl = `http://127.0.0.1:${engine.apps.get('ingest')?.port}`;
    const created = await new RegistryClient(engine.registryUrl, tenant.projectKeys[0] as string).post('/v1/endpoints', {
      url: receiver.url,
      description: 'poison test',
      eventTypes: ['message.*'],
      ordering: 'fifo',
    });
    expect(created.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    await receiver?.close();
  }, 60_000);

  it('dead-letters each poison record on the Kafka door with its reason and keeps delivering, in the same process', async () => {
    const pid = engine.apps.get('ingest')?.child.pid;
    const fields = { type: 'message.read', projectId };
    const huge = paddedEvent(900_000, { ...fields, id: 'huge' });
    const poison: Array<[ProducedEvent['value'], string]> = [
      [nestedEvent(5_000, { ...fields, id: 'deep' }), 'too_deep'], // finding 1: ~10 KB, 5,000 levels
      [huge, 'payload_too_large'], // finding 2: ~900 KB, dead-lettered as base64 it was over the broker's 1 MiB
      [nestedEvent(65, { ...fields, id: 'deep65' }), 'too_deep'],
      [invalidUtf8Event({ ...fields, id: 'utf8' }), 'invalid_utf8'],
      [encodedSurrogateEvent({ ...fields, id: 'cesu' }), 'invalid_utf8'],
      ['{"id":"a\\u0000b","type":"message.read","projectId":"' + projectId + '","data":{}}', 'nul_character'],
      ['{"type":"message.read","projectId":"' + projectId + '","data":{"k\\u0000":1}}', 'nul_character'],
      [Buffer.concat([Buffer.from('{"type":"message.read","data":{},"projectId":"'), Buffer.from([0]), Buffer.from('"}')]), 'nul_character'],
      ['{"type":"message.read","projectId":"' + projectId + '","data":{"s":"x\\ud800y"}}', 'lone_surrogate'],
      ['{"type":"message.read","projectId":"' + projectId + '","data":{"\\udfff":true}}', 'lone_surrogate'],
    ];
    // One key, so one partition, in this order: valid(1), poison, valid(2), poison, valid(3), …
    // The ~900 KB record goes alone: a producer request over 1 MiB would be refused.
    const sequence: ProducedEvent[] = [{ key: projectId, value: valid(1) }];
    poison.forEach(([value], i) => sequence.push({ key: projectId, value }, { key: projectId, value: valid(i + 2) }));
    sequence.push({ key: projectId, value: nestedEvent(64, { ...fields, id: 'deep64' }) }, { key: projectId, value: valid(poison.length + 2) });
    for (const event of sequence) await produceEvents(engine.brokers, engine.topics.events, [event]);

    const expected = [...Array.from({ length: poison.length + 1 }, (_, i) => i + 1), undefined, poison.length + 2];
    await receiver.waitForRequests(expected.length, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(delivered()).toEqual(expected);

    const letters = jsonValues<DeadLetter>(await readTopic(engine.brokers, engine.topics.deadLetter, { expected: poison.length }));
    expect(letters.map((letter) => letter.reason)).toEqual(poison.map(([, reason]) => reason));
    letters.forEach((letter, i) => {
      const original = Buffer.from(poison[i]?.[0] ?? '');
      expect(letter).toMatchObject({ v: 2, valueBytes: original.length, valueSha256: createHash('sha256').update(original).digest('hex') });
      expect(letter.source?.topic).toBe(engine.topics.events);
    });
    const hugeLetter = letters[1] as DeadLetter;
    expect(hugeLetter.truncated).toEqual(['value']);
    expect(Buffer.from(hugeLetter.value ?? '', 'base64')).toEqual(Buffer.from(huge).subarray(0, 64 * 1024));
    expect(Buffer.from(letters[0]?.value ?? '', 'base64').toString()).toBe(poison[0]?.[0]);

    expect(engine.apps.get('ingest')?.child.pid).toBe(pid);
    expect(engine.apps.get('ingest')?.child.exitCode).toBeNull();
  }, 180_000);

  it('bounds the key and headers of a dead letter, so it fits the broker however large they were', async () => {
    const headers = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`h${i}`, 'v'.repeat(5_000)]));
    const key = 'k'.repeat(100_000);
    const value = paddedEvent(400_000, { type: 'message.read', projectId, id: 'big-key' });
    const before = receiver.requests.length;
    await produceEvents(engine.brokers, engine.topics.events, [{ key, value, headers }]);
    await produceEvents(engine.brokers, engine.topics.events, [{ key: projectId, value: valid(100) }]);
    await receiver.waitForRequests(before + 1, 60_000);

    const letters = jsonValues<DeadLetter>(await readTopic(engine.brokers, engine.topics.deadLetter, { quietMs: 2_000 }));
    const letter = letters.find((l) => l.valueBytes === Buffer.byteLength(value));
    expect(letter).toMatchObject({ reason: 'payload_too_large', truncated: ['value', 'key', 'headers'] });
    expect(letter?.key?.length).toBeLessThanOrEqual(1_024);
    expect(Object.keys(letter?.headers ?? {}).length).toBeLessThanOrEqual(32);
    expect(Object.values(letter?.headers ?? {}).every((v) => v.length <= 1_024)).toBe(true);
  }, 120_000);

  it('answers the same poison on the HTTP door with a 4xx and the same code, never a 500', async () => {
    const post = async (body: string | Buffer) => {
      const response = await fetch(`${ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.projectKeys[0]}`, 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, body: (await response.json()) as { messageId?: string; error?: { code: string } } };
    };
    const fields = { type: 'message.read' };
    // payload_too_large (413) is covered by ingest.e2e-spec.ts; answering a large body without resetting
    // the connection is the security work's (issue 10 leaves the 413 path to it).
    const cases: Array<[string | Buffer, number, string]> = [
      [nestedEvent(5_000, { ...fields, id: 'deep' }), 422, 'too_deep'], // finding 1 answered 500 without a code
      [nestedEvent(3_000, { ...fields, id: 'deep3000' }), 422, 'too_deep'], // was accepted
      [nestedEvent(65, { ...fields, id: 'deep65' }), 422, 'too_deep'],
      [invalidUtf8Event(fields), 400, 'invalid_utf8'],
      [encodedSurrogateEvent(fields), 400, 'invalid_utf8'],
      ['{"id":"a\\u0000b","type":"message.read","data":{}}', 422, 'nul_character'], // was 202, then wedged the projector
      ['{"type":"message.read","data":{"v":"\\u0000"}}', 422, 'nul_character'],
      [Buffer.from('{"type":"message.read","data":{"v":"\0"}}'), 422, 'nul_character'],
      ['{"type":"message.read","data":{"s":"\\udc00"}}', 422, 'lone_surrogate'],
      ['{"type":"message.read","data":{"\\ud83d":1}}', 422, 'lone_surrogate'],
    ];
    for (const [body, status, code] of cases) {
      expect({ code, answer: await post(body) }).toEqual({ code, answer: { status, body: { error: expect.objectContaining({ code }) } } });
    }
    const before = receiver.requests.length;
    const accepted = await post(nestedEvent(64, { ...fields, id: 'http64' }));
    expect(accepted.status).toBe(202);
    const pair = await post('{"type":"message.read","data":{"n":200,"emoji":"\\ud83d\\ude00"}}');
    expect(pair.status).toBe(202);
    await receiver.waitForRequests(before + 2, 60_000);
  }, 120_000);
});

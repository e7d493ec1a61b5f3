import type { RegistryFact } from '@hookline/contracts';
import { EventSchemaValidators, RegistryView } from '@hookline/domain';
import { decidePublish } from './publish-event';

const at = '2026-11-21T10:00:00.000Z';
const view = new RegistryView();
for (const fact of [
  { type: 'AccountCreated', v: 1, accountId: 'acc_1', name: 'Acme', at },
  { type: 'ProjectCreated', v: 1, projectId: 'proj_1', accountId: 'acc_1', name: 'Shop', at },
] as unknown as RegistryFact[])
  view.apply(fact);

const projectKey = { scope: 'project', accountId: 'acc_1', projectId: 'proj_1' } as const;
const decide = (body: string | Buffer, maxBytes = 262_144, registry: RegistryView = view) =>
  decidePublish(Buffer.isBuffer(body) ? body : Buffer.from(body), projectKey, registry, new EventSchemaValidators(), maxBytes);

describe('decidePublish', () => {
  it('binds the project of a project key and names the message', () => {
    const decision = decide('{"id":"e1","type":"message.read","data":{}}');
    expect(decision).toMatchObject({ ok: true, accountId: 'acc_1', producerGaveId: true, messageId: expect.stringMatching(/^msg_/) });
    expect(decision.ok && decision.event).toEqual({ id: 'e1', type: 'message.read', projectId: 'proj_1', data: {} });
    expect(decide('{"type":"message.read","data":{}}')).toMatchObject({ ok: true, producerGaveId: false, event: { id: expect.stringMatching(/^evt_/) } });
  });

  it('answers 5,000 levels of nesting with too_deep; it used to throw while re-encoding (issue 10, finding 1)', () => {
    expect(decide(`{"type":"message.read","data":{"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`)).toMatchObject({ ok: false, reason: 'too_deep' });
  });

  it('refuses NUL in the id, which it used to accept and later wedged the projector', () => {
    expect(decide('{"id":"a\\u0000b","type":"message.read","data":{}}')).toMatchObject({ ok: false, reason: 'nul_character' });
  });

  it('refuses an event that the filled-in project pushes over the limit the consumer applies', () => {
    const body = JSON.stringify({ id: 'e1', type: 'message.read', data: { pad: 'x'.repeat(1_000) } });
    expect(decide(body, Buffer.byteLength(body))).toMatchObject({ ok: false, reason: 'payload_too_large' });
  });

  it('refuses an event over the largest record fan-out can write, whatever the configured limit', () => {
    // Would catch a door that produces it: the broker refuses it, and with it the other requests sharing that produce.
    const body = JSON.stringify({ id: 'e1', type: 'message.read', data: { pad: 'x'.repeat(1_000_000) } });
    expect(decide(body, 16 * 1024 * 1024)).toMatchObject({ ok: false, reason: 'payload_too_large', message: expect.stringContaining('fanned out') });
  });

  it('answers internal_error, not a throw, when deciding hits a bug', () => {
    const broken = {
      accountOfProject: () => {
        throw new TypeError('boom');
      },
    } as unknown as RegistryView;
    expect(decide('{"type":"message.read","data":{}}', 262_144, broken)).toEqual({ ok: false, reason: 'internal_error', message: 'TypeError: boom' });
  });
});

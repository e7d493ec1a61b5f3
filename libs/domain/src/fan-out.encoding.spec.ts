import fc from 'fast-check';
import { encodeJson, type InputEvent } from '@hookline/contracts';
import type { EndpointState } from './endpoint.state';
import { encodeFanOut } from './fan-out.encoding';
import { planFanOut } from './fan-out.plan';

const endpoint = (endpointId: string) => ({ endpointId }) as EndpointState;

// Any text (escapes, astral characters, quotes, backslashes) in every field the encoder writes.
const text = fc.string({ unit: 'binary', maxLength: 12 });
const inputEvent: fc.Arbitrary<InputEvent> = fc.record(
  {
    id: text,
    type: text,
    projectId: text,
    data: fc.dictionary(text, fc.jsonValue({ maxDepth: 3 })),
    createdAt: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.constant('2026-12-05T10:00:00Z'), fc.constant('not a date')),
  },
  { requiredKeys: ['type', 'projectId', 'data'] },
) as fc.Arbitrary<InputEvent>;

describe('encodeFanOut', () => {
  it('writes byte for byte what encodeJson writes for each job and the MessageAccepted fact', () => {
    fc.assert(
      fc.property(
        inputEvent,
        fc.uniqueArray(text, { maxLength: 5 }),
        fc.option(text, { nil: null }),
        fc.date({ min: new Date(0), max: new Date(4_000_000_000_000), noInvalidDate: true }),
        (event, ids, traceparent, now) => {
          const plan = planFanOut(event, ids.map(endpoint), now, traceparent);
          const encoded = encodeFanOut(plan);
          expect(encoded.jobs.map((b) => b.toString('hex'))).toEqual(plan.jobs.map((job) => encodeJson(job).toString('hex')));
          expect(encoded.accepted.toString('hex')).toBe(encodeJson(plan.accepted).toString('hex'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes a job origin when one is set, as encodeJson does', () => {
    const plan = planFanOut({ id: 'e1', type: 'a.b', projectId: 'p', data: { n: 1 } }, [endpoint('ep_1')], new Date(0), null);
    const withOrigin = { ...plan, jobs: plan.jobs.map((job) => ({ ...job, origin: 'resend' as const })) };
    expect(encodeFanOut(withOrigin).jobs[0]?.toString()).toBe(encodeJson(withOrigin.jobs[0]).toString());
  });
});

import fc from 'fast-check';
import type { RejectionReason } from '@hookline/contracts';

/** One record to produce to the events topic, with what ingest must do with it. */
export interface FuzzRecord {
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers: Record<string, string | Buffer>;
  readonly expect: FuzzExpectation;
}

export type FuzzExpectation =
  /** Delivered exactly once; `marker` is `data.fz` of the event. */
  | { readonly kind: 'valid'; readonly marker: number }
  /** Dead-lettered with one of these reasons (`null`: any reason but internal_error). */
  | { readonly kind: 'rejected'; readonly category: string; readonly reasons: readonly RejectionReason[] | null };

export interface FuzzTenant {
  readonly projectId: string;
  /** Prefix of valid event ids, unique per run so dedupe never folds two runs together. */
  readonly idPrefix: string;
  /** Events over this many bytes are too large. */
  readonly maxEventBytes: number;
}

interface EventFields {
  readonly id: string;
  readonly type: string;
  readonly projectId: string;
  readonly data: Record<string, unknown>;
}

const TYPES = ['message.delivered', 'message.read', 'message.failed', 'form.submitted', 'contact.updated'];

/** JSON data a producer could legitimately send: any Unicode text (well-formed), shallow, small. */
const legitimateData = fc.dictionary(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 4 }),
  ),
  { maxKeys: 6 },
);

/** Header names and values a hostile or sloppy producer could send: binary, huge, odd names, a bogus traceparent. */
const garbageHeaders = fc.dictionary(
  fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('__proto__', 'traceparent', 'constructor', '')),
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.uint8Array({ maxLength: 2_048 }).map((bytes) => Buffer.from(bytes)),
    fc.constant('00-zzzz-not-a-trace-01'),
  ),
  { maxKeys: 40 },
);

const headersOf = fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: garbageHeaders });

const keyOf = (projectId: string) =>
  fc.oneof(
    fc.constant(projectId),
    fc.constant(null),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  );

type Mutation = { value: string | Buffer | null; category: string; reasons: readonly RejectionReason[] | null };

/** The ways a record goes wrong, each with the reason ingest must give. */
function mutations(tenant: FuzzTenant, base: EventFields): fc.Arbitrary<Mutation>[] {
  const text = JSON.stringify(base);
  const rejected =
    (category: string, ...reasons: RejectionReason[]) =>
    (value: string | Buffer | null): Mutation => ({ value, category, reasons });
  // Puts `insert` inside the JSON string of data.s, where it is text, not syntax. The placeholder holds a
  // control character, which JSON.stringify escapes and legitimate data never has, so it occurs only once.
  const inString = (insert: string | Buffer) => {
    const placeholder = JSON.stringify('\u0001@').slice(1, -1);
    const [before, after] = JSON.stringify({ ...base, data: { ...base.data, s: '\u0001@' } }).split(placeholder) as [string, string];
    return Buffer.concat([Buffer.from(before), Buffer.isBuffer(insert) ? insert : Buffer.from(insert), Buffer.from(after)]);
  };
  const nested = (depth: number, open: string, close: string) => `${text.slice(0, -2)},"deep":${open.repeat(depth)}${close.repeat(depth)}}}`;
  return [
    fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ value: Buffer.from(bytes), category: 'random bytes', reasons: null })),
    fc.integer({ min: 1, max: text.length - 1 }).map((at) => rejected('truncated JSON', 'not_json')(text.slice(0, at))),
    fc.constant(rejected('null value', 'not_json')(null)),
    fc
      .integer({ min: 64, max: 5_000 })
      .chain((depth) =>
        fc
          .constantFrom(['[', ']'], ['{"a":', '}'])
          .map(([open, close]) => rejected('deep nesting', 'too_deep')(nested(depth, open as string, close as string))),
      ),
    // Mostly just over the limit; some up to what a broker takes with headers (kept cheap: they are many MB in all).
    fc
      .oneof(
        { weight: 4, arbitrary: fc.integer({ min: tenant.maxEventBytes + 1, max: 2 * tenant.maxEventBytes }) },
        { weight: 1, arbitrary: fc.integer({ min: tenant.maxEventBytes + 1, max: 850_000 }) },
      )
      .map((bytes) => rejected('huge string', 'payload_too_large')(JSON.stringify({ ...base, data: { pad: 'h'.repeat(bytes) } }))),
    fc.constantFrom<Mutation>(
      rejected('wrong types', 'not_an_object')(JSON.stringify([base])),
      rejected('wrong types', 'not_an_object')('"an event"'),
      rejected('wrong types', 'not_an_object')('42'),
      rejected('wrong types', 'missing_type')(JSON.stringify({ ...base, type: 7 })),
      rejected('wrong types', 'missing_type')(JSON.stringify({ ...base, type: ' ' })),
      rejected('wrong types', 'missing_project')(JSON.stringify({ ...base, projectId: ['p'] })),
      rejected('wrong types', 'invalid_id')(JSON.stringify({ ...base, id: 12 })),
      rejected('wrong types', 'invalid_id')(JSON.stringify({ ...base, id: 'i'.repeat(257) })),
      rejected('wrong types', 'data_not_object')(JSON.stringify({ ...base, data: 'text' })),
      rejected('wrong types', 'data_not_object')(JSON.stringify({ ...base, data: [1] })),
    ),
    fc.constantFrom<Mutation>(
      rejected('unknown project', 'unknown_project')(JSON.stringify({ ...base, projectId: 'proj_nobody' })),
      rejected('unknown type', 'unknown_event_type')(JSON.stringify({ ...base, type: 'order.exploded' })),
    ),
    fc.constantFrom<Mutation>(
      rejected('NUL', 'nul_character')(inString('\\u0000')),
      rejected('NUL', 'nul_character')(inString(Buffer.from([0]))),
      rejected('NUL', 'nul_character')(JSON.stringify({ ...base, id: 'a\u0000b' })),
      rejected('NUL', 'nul_character')(JSON.stringify({ ...base, data: { 'k\u0000': 1 } })),
    ),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => rejected('lone surrogate', 'lone_surrogate')(inString(`x\\u${unit.toString(16)}y`))),
    fc
      .constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82])
      .map((bytes) => rejected('invalid UTF-8', 'invalid_utf8')(inString(Buffer.from(bytes)))),
  ];
}

/**
 * Records for the Kafka door: about half valid events (unique ids, any
 * Unicode, garbage headers and keys allowed), the rest malformed in one of
 * the ways issue 10 lists. Deterministic for a seed.
 */
export function fuzzRecords(tenant: FuzzTenant, seed: number, count: number): FuzzRecord[] {
  const record = fc
    .record({ type: fc.constantFrom(...TYPES), data: legitimateData, key: keyOf(tenant.projectId), headers: headersOf, valid: fc.boolean() })
    .chain(({ type, data, key, headers, valid }) => {
      if (valid) return fc.constant({ key, headers, type, data, mutation: null as Mutation | null });
      const base: EventFields = { id: 'bad', type, projectId: tenant.projectId, data };
      return fc.oneof(...mutations(tenant, base)).map((mutation) => ({ key, headers, type, data, mutation }));
    });
  return fc.sample(record, { seed, numRuns: count }).map((sampled, n): FuzzRecord => {
    if (sampled.mutation === null) {
      const event = { id: `${tenant.idPrefix}${n}`, type: sampled.type, projectId: tenant.projectId, data: { ...sampled.data, fz: n } };
      return { key: sampled.key, value: JSON.stringify(event), headers: sampled.headers, expect: { kind: 'valid', marker: n } };
    }
    const { value, category, reasons } = sampled.mutation;
    return { key: sampled.key, value, headers: sampled.headers, expect: { kind: 'rejected', category, reasons } };
  });
}

import type { EntityManager } from 'typeorm';

export type QuarantineReason = 'undecodable' | 'unknown_fact_type' | 'refused_by_database';

/** One record the projector set aside instead of projecting (see the projector_quarantine migration). */
export interface QuarantinedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The fact's type when it had a known one. */
  readonly factType: string | null;
  readonly reason: QuarantineReason;
  /** Postgres' SQLSTATE for `refused_by_database`. */
  readonly sqlstate: string | null;
  readonly error: string;
  /** The record's value, byte for byte, up to QUARANTINE_VALUE_BYTES; bytea, so any byte sequence fits. */
  readonly value: Buffer | null;
  /** Kafka timestamp of the record (ms). */
  readonly loggedAt: number;
}

/** How much of a quarantined value is kept: enough to see what it was, bounded so one record cannot bloat the table. */
export const QUARANTINE_VALUE_BYTES = 4096;
const ERROR_CHARS = 1000;

/** Inside the batch's transaction, before its checkpoint moves; a replayed batch finds its rows already there. */
export async function quarantineRecords(db: EntityManager, records: readonly QuarantinedRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.query(
    `INSERT INTO projector_quarantine (topic, partition, "offset", fact_type, reason, sqlstate, error, value_prefix, value_size, logged_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::int[], $10::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [
      records.map((r) => r.topic),
      records.map((r) => r.partition),
      records.map((r) => r.offset),
      records.map((r) => (r.factType === null ? null : postgresSafeText(r.factType).slice(0, 200))),
      records.map((r) => r.reason),
      records.map((r) => r.sqlstate),
      records.map((r) => postgresSafeText(r.error).slice(0, ERROR_CHARS)),
      records.map((r) => r.value?.subarray(0, QUARANTINE_VALUE_BYTES) ?? null),
      records.map((r) => r.value?.length ?? 0),
      records.map((r) => new Date(r.loggedAt).toISOString()),
    ],
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text Postgres accepts: NUL and unpaired surrogates (which parse errors may quote from the record) become U+FFFD. */
export function postgresSafeText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

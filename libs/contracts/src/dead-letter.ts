/** Why an input record was not accepted. Stable, machine-readable; the HTTP door answers with the same codes. */
export type RejectionReason =
  // the bytes
  | 'payload_too_large'
  | 'invalid_utf8'
  | 'too_deep'
  | 'not_json'
  | 'nul_character'
  | 'lone_surrogate'
  // the shape
  | 'not_an_object'
  | 'missing_type'
  | 'missing_project'
  | 'invalid_id'
  | 'data_not_object'
  // the registry's word
  | 'unknown_event_type'
  | 'schema_mismatch'
  | 'unknown_project'
  // handling this one record threw: a bug, dead-lettered so the partition moves on
  | 'internal_error';

/** Why a record went to `dead-letter`: an input the ingest doors refused, or a record the dispatcher could not decode as a job. */
export type DeadLetterReason = RejectionReason | 'undecodable_job';

/** Which parts of a dead letter were cut to its bounds (original size and sha256 of the value stay whole). */
export type DeadLetterCut = 'value' | 'key' | 'headers' | 'message';

/**
 * A record on `dead-letter`: the original record (bounded, so a dead letter
 * always fits the broker's record limit) and where it came from, plus the reason.
 *
 * v2 (issue 10): `value` keeps at most the first 64 KiB; `valueBytes` and
 * `valueSha256` describe the whole original; `truncated` names what was cut.
 */
export interface DeadLetter {
  readonly type: 'InputRejected';
  readonly v: 2;
  readonly reason: DeadLetterReason;
  /** Human-readable detail, at most 1,024 characters. */
  readonly message: string;
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: string } | null;
  /** The original key as UTF-8 text, at most 1,024 characters. */
  readonly key: string | null;
  /** The original headers as UTF-8 text: at most 32, names at most 256 and values at most 1,024 characters. */
  readonly headers: Readonly<Record<string, string>>;
  /** The original value, base64, byte for byte up to 64 KiB. */
  readonly value: string | null;
  /** Size of the whole original value in bytes (null: the record had no value). */
  readonly valueBytes: number | null;
  /** Hex sha256 of the whole original value (null: the record had no value). */
  readonly valueSha256: string | null;
  /** What was cut to fit; empty when the letter holds everything. */
  readonly truncated: readonly DeadLetterCut[];
  readonly at: string;
}

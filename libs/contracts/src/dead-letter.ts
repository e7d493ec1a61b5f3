/** Why an input record was not accepted. Stable, machine-readable. */
export type RejectionReason =
  | 'not_json'
  | 'not_an_object'
  | 'missing_type'
  | 'missing_project'
  | 'invalid_id'
  | 'data_not_object'
  | 'payload_too_large'
  | 'unknown_event_type'
  | 'schema_mismatch'
  | 'unknown_project'
  /** The dispatcher could not decode a record of `deliveries` or a retry tier as a job. */
  | 'undecodable_job';

/** A record on `dead-letter`: the original bytes and where they came from, plus the reason. */
export interface DeadLetter {
  readonly type: 'InputRejected';
  readonly v: 1;
  readonly reason: RejectionReason;
  readonly message: string;
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: string } | null;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  /** The original value, base64, byte for byte. */
  readonly value: string | null;
  readonly at: string;
}

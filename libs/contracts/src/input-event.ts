/** The JSON value platform teams produce to the `events` topic (and POST to /v1/events). */
export interface InputEvent {
  /** The producer's id for the event; with projectId it makes the message id. */
  readonly id?: string;
  readonly type: string;
  readonly projectId: string;
  readonly data: Record<string, unknown>;
  /** ISO-8601 string or unix seconds; defaults to the time ingest accepted it. */
  readonly createdAt?: string | number;
}

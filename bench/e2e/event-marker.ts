/**
 * What the load generator writes first into each event's `data`, so the
 * receiver can tell the run, the event and its due time from the first bytes
 * of the webhook body without parsing 50 KiB of JSON:
 * `"bench":"<step>:<seq>:<dueAt ms>"`. The engine keeps `data` as is (it is
 * delivered as `data.object`), key order included.
 */
export interface EventMarker {
  readonly step: string;
  readonly seq: number;
  readonly dueAt: number;
}

export function markerValue(marker: EventMarker): string {
  return `${marker.step}:${marker.seq}:${marker.dueAt}`;
}

const MARKER = /"bench":"([A-Za-z0-9_-]+):(\d+):(\d+(?:\.\d+)?)"/;

/** The marker in a text (a body, an event, a job), or undefined when there is none. */
export function findMarker(text: string): EventMarker | undefined {
  const match = MARKER.exec(text);
  if (match === null) return undefined;
  return { step: match[1] as string, seq: Number(match[2]), dueAt: Number(match[3]) };
}

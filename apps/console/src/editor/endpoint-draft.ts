import type { Schemas } from '../api/client';

/** What the editor's form holds; strings as typed, turned into a PATCH only on Save. */
export interface EndpointDraft {
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly rateLimit: string;
  readonly timeoutMs: string;
  readonly fifo: boolean;
  readonly legacySignatureHeader: string;
  readonly retrySchedule: string;
  /** Custom headers typed in this session; null: leave the stored ones (whose values are write-only) untouched. */
  readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }> | null;
}

export function draftOf(endpoint: Schemas['EndpointDto']): EndpointDraft {
  return {
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    rateLimit: endpoint.rateLimitPerSecond === null ? '' : String(endpoint.rateLimitPerSecond),
    timeoutMs: String(endpoint.timeoutMs),
    fifo: endpoint.ordering === 'fifo',
    legacySignatureHeader: endpoint.legacySignatureHeader ?? '',
    retrySchedule: endpoint.retrySchedule === null ? '' : endpoint.retrySchedule.map(formatDelay).join(', '),
    headers: null,
  };
}

/** Why Save is disabled, or null when the draft can be sent. */
export function draftProblem(draft: EndpointDraft): string | null {
  if (draft.eventTypes.length === 0) return 'Select at least one event type to save.';
  if (draft.url.trim() === '') return 'Enter the endpoint URL.';
  return null;
}

/** Only the fields that differ from the endpoint, so a concurrent change to another field is not overwritten with stale values. */
export function patchOf(endpoint: Schemas['EndpointDto'], draft: EndpointDraft): Schemas['UpdateEndpointBody'] {
  const patch: { -readonly [K in keyof Schemas['UpdateEndpointBody']]: Schemas['UpdateEndpointBody'][K] } = {};
  const before = draftOf(endpoint);
  if (draft.url.trim() !== before.url) patch.url = draft.url.trim();
  if (draft.description !== before.description) patch.description = draft.description;
  if (draft.eventTypes.join('\n') !== before.eventTypes.join('\n')) patch.eventTypes = [...draft.eventTypes];
  if (draft.rateLimit.trim() !== before.rateLimit) patch.rateLimitPerSecond = draft.rateLimit.trim() === '' ? null : Number(draft.rateLimit);
  if (draft.timeoutMs.trim() !== before.timeoutMs) patch.timeoutMs = Number(draft.timeoutMs);
  if (draft.fifo !== before.fifo) patch.ordering = draft.fifo ? 'fifo' : 'unordered';
  if (draft.legacySignatureHeader.trim() !== before.legacySignatureHeader) {
    patch.legacySignatureHeader = draft.legacySignatureHeader.trim() === '' ? null : draft.legacySignatureHeader.trim();
  }
  if (draft.retrySchedule.trim() !== before.retrySchedule) {
    const delays = draft.retrySchedule
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d !== '');
    patch.retrySchedule = delays.length === 0 ? null : delays;
  }
  if (draft.headers !== null) {
    patch.headers = Object.fromEntries(draft.headers.filter((h) => h.name.trim() !== '').map((h) => [h.name.trim(), h.value]));
  }
  return patch;
}

/** 10000 → "10s", 300000 → "5m": the form shows delays the way the API accepts them back. */
export function formatDelay(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return String(ms);
}

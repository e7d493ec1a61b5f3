import type { Schemas } from '../api/client';
import type { EndpointDraft } from './endpoint-draft';

/** "Advanced settings": description, rate limit ("No limit"), timeout, custom headers (write-only), FIFO, legacy header, retry schedule. */
export function AdvancedSettings(props: {
  readonly endpoint: Schemas['EndpointDto'];
  readonly draft: EndpointDraft;
  readonly onChange: (draft: EndpointDraft) => void;
}) {
  const { draft, onChange } = props;
  const set = <K extends keyof EndpointDraft>(key: K, value: EndpointDraft[K]) => onChange({ ...draft, [key]: value });
  const headers = draft.headers ?? [];
  return (
    <details className="card">
      <summary>
        <h2 className="inline">Advanced settings</h2>
      </summary>
      <div className="stack">
        <label htmlFor="edit-description">Description</label>
        <input id="edit-description" value={draft.description} onChange={(e) => set('description', e.target.value)} />
        <label htmlFor="edit-rate">Rate Limit (req/s)</label>
        <input
          id="edit-rate"
          inputMode="numeric"
          placeholder="No limit"
          value={draft.rateLimit}
          onChange={(e) => set('rateLimit', e.target.value.replace(/[^0-9]/g, ''))}
        />
        <label htmlFor="edit-timeout">Timeout (ms)</label>
        <input id="edit-timeout" inputMode="numeric" value={draft.timeoutMs} onChange={(e) => set('timeoutMs', e.target.value.replace(/[^0-9]/g, ''))} />
        <label htmlFor="edit-retry">Retry schedule</label>
        <input
          id="edit-retry"
          placeholder="Deployment default (10s, 1m, 5m, 30m, 2h, 6h, 12h, 24h)"
          value={draft.retrySchedule}
          onChange={(e) => set('retrySchedule', e.target.value)}
        />
        <label className="inline-check">
          <input type="checkbox" checked={draft.fifo} onChange={(e) => set('fifo', e.target.checked)} />
          FIFO ordering (one request in flight, in ingest order)
        </label>
        <label htmlFor="edit-legacy">Legacy signature header</label>
        <input id="edit-legacy" placeholder="Off" value={draft.legacySignatureHeader} onChange={(e) => set('legacySignatureHeader', e.target.value)} />
        <fieldset>
          <legend>Custom headers</legend>
          {props.endpoint.headers.length > 0 && draft.headers === null ? (
            <p className="muted">Set: {props.endpoint.headers.join(', ')} (values are write-only and never shown).</p>
          ) : null}
          {draft.headers === null ? (
            <button
              type="button"
              className="button secondary"
              onClick={() =>
                set(
                  'headers',
                  props.endpoint.headers.map((name) => ({ name, value: '' })),
                )
              }
            >
              Replace custom headers
            </button>
          ) : (
            <>
              <p className="muted">Saving replaces every custom header with the ones below.</p>
              {headers.map((header, i) => (
                <div key={i} className="header-row">
                  <input
                    aria-label={`Header ${i + 1} name`}
                    placeholder="Authorization"
                    value={header.name}
                    onChange={(e) =>
                      set(
                        'headers',
                        headers.map((h, j) => (j === i ? { ...h, name: e.target.value } : h)),
                      )
                    }
                  />
                  <input
                    aria-label={`Header ${i + 1} value`}
                    type="password"
                    autoComplete="off"
                    value={header.value}
                    onChange={(e) =>
                      set(
                        'headers',
                        headers.map((h, j) => (j === i ? { ...h, value: e.target.value } : h)),
                      )
                    }
                  />
                  <button
                    type="button"
                    className="button secondary"
                    aria-label={`Remove header ${i + 1}`}
                    onClick={() =>
                      set(
                        'headers',
                        headers.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" className="button secondary" onClick={() => set('headers', [...headers, { name: '', value: '' }])}>
                Add header
              </button>
            </>
          )}
        </fieldset>
      </div>
    </details>
  );
}

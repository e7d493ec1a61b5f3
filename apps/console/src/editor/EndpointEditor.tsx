import { useEffect, useState } from 'react';
import type { Schemas } from '../api/client';
import { useConsole } from '../console-context';
import { endpointBadge, StatusBadge } from '../components/StatusBadge';
import { asApiError, ErrorNotice, useLoad } from '../components/useLoad';
import { routeHash } from '../route';
import { EventTypeChecklist } from '../screens/EventTypeChecklist';
import { fieldErrorOf } from '../screens/endpoint-errors';
import { AdvancedSettings } from './AdvancedSettings';
import { DangerZone } from './DangerZone';
import { draftOf, draftProblem, patchOf, type EndpointDraft } from './endpoint-draft';
import { RecoverMessages } from './RecoverMessages';
import { SigningSecret } from './SigningSecret';
import { StatusAndTest } from './StatusAndTest';
import { VerifySnippet } from './VerifySnippet';

type SaveState = { readonly kind: 'idle' } | { readonly kind: 'saved' } | { readonly kind: 'conflict' } | { readonly kind: 'failed'; readonly message: string };

/** "Edit Endpoint": every setting, the secret, status and test, messages, and the Danger Zone. */
export function EndpointEditor(props: { readonly endpointId: string }) {
  const { api, navigate } = useConsole();
  const loaded = useLoad(() => api.request('get', '/v1/endpoints/{id}', { params: { id: props.endpointId } }), [api, props.endpointId]);
  const catalog = useLoad(async () => (await api.request('get', '/v1/event-types')).data, [api]);
  const [endpoint, setEndpoint] = useState<Schemas['EndpointDto'] | null>(null);
  const [draft, setDraft] = useState<EndpointDraft | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });

  // Only a newly loaded endpoint resets the form (on open and on Reload), never a re-render.
  const fresh = loaded.state === 'ready' ? loaded.value : null;
  useEffect(() => {
    if (fresh !== null) {
      setEndpoint(fresh);
      setDraft(draftOf(fresh));
    }
  }, [fresh]);

  if (loaded.state === 'failed') return <ErrorNotice error={loaded.error} />;
  if (endpoint === null || draft === null) return <p className="muted">Loading…</p>;

  const problem = draftProblem(draft);
  const replace = (next: Schemas['EndpointDto']) => {
    setEndpoint(next);
    setDraft(draftOf(next));
  };
  const saveChanges = async () => {
    try {
      const saved = await api.request('patch', '/v1/endpoints/{id}', {
        params: { id: endpoint.id },
        body: patchOf(endpoint, draft),
        headers: { 'if-match': `"${endpoint.version}"` },
      });
      replace(saved);
      setSave({ kind: 'saved' });
    } catch (failure) {
      const error = asApiError(failure);
      if (error.status === 409) setSave({ kind: 'conflict' });
      else setSave({ kind: 'failed', message: error.status === 422 ? fieldErrorOf(error).message : error.message });
    }
  };

  return (
    <article aria-labelledby="editor-heading" className="editor">
      <div className="page-head">
        <div>
          <a href={routeHash({ name: 'list' })}>← Webhooks</a>
          <h1 id="editor-heading">Edit Endpoint</h1>
        </div>
        <button type="button" className="button" disabled={problem !== null} onClick={() => void saveChanges()}>
          Save Changes
        </button>
      </div>
      {problem !== null ? <p className="error-text">{problem}</p> : null}
      {save.kind === 'saved' ? <p role="status">Changes saved.</p> : null}
      {save.kind === 'failed' ? (
        <p role="alert" className="error-text">
          {save.message}
        </p>
      ) : null}
      {save.kind === 'conflict' ? (
        <div role="alert" className="card warning">
          <p>
            Someone else changed this endpoint while you were editing it, so your changes were not saved. Reload to see the latest version, then make your
            changes again.
          </p>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setSave({ kind: 'idle' });
              void loaded.reload();
            }}
          >
            Reload
          </button>
        </div>
      ) : null}

      <section aria-labelledby="url-heading" className="card">
        <h2 id="url-heading">Endpoint URL</h2>
        <div className="row">
          <label htmlFor="edit-url" className="visually-hidden">
            URL
          </label>
          <input id="edit-url" className="grow mono" value={draft.url} onChange={(e) => setDraft({ ...draft, url: e.target.value })} />
          <StatusBadge badge={endpointBadge(endpoint.status, undefined)} />
        </div>
      </section>

      <SigningSecret endpoint={endpoint} onRotated={replace} />
      <StatusAndTest endpointId={endpoint.id} />

      <section aria-labelledby="types-heading" className="card">
        <div className="row">
          <h2 id="types-heading">Event Types</h2>
          <button type="button" className="button secondary" onClick={() => setDraft({ ...draft, eventTypes: [] })}>
            Deselect All
          </button>
        </div>
        <EventTypeChecklist
          catalog={catalog.state === 'ready' ? catalog.value : []}
          selected={draft.eventTypes}
          onChange={(eventTypes) => setDraft({ ...draft, eventTypes })}
        />
      </section>

      <AdvancedSettings endpoint={endpoint} draft={draft} onChange={setDraft} />

      <section aria-labelledby="messages-heading" className="card">
        <h2 id="messages-heading">Messages</h2>
        <div className="row">
          <button type="button" className="button secondary" onClick={() => navigate({ name: 'messages', endpointId: endpoint.id, messageId: null })}>
            View Messages
          </button>
        </div>
        <RecoverMessages endpointId={endpoint.id} />
      </section>

      <VerifySnippet legacySignatureHeader={endpoint.legacySignatureHeader} />
      <DangerZone endpoint={endpoint} onChanged={replace} onDeleted={() => navigate({ name: 'list' })} />
    </article>
  );
}

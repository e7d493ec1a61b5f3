import { useState } from 'react';
import type { Schemas } from '../api/client';
import { useConsole } from '../console-context';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { Pager, useCursorPages } from '../components/Pager';
import { endpointBadge, StatusBadge } from '../components/StatusBadge';
import { asApiError, ErrorNotice, useLoad } from '../components/useLoad';
import { routeHash } from '../route';
import { CreateEndpointDialog } from './CreateEndpointDialog';

const PAGE_SIZE = 10;

type Row = Schemas['EndpointDto'] & { readonly health: string };

/** The seed's Webhook Settings page: one row per endpoint, "Add Endpoint" top right, Previous / Next. */
export function EndpointList() {
  const { api, projectId } = useConsole();
  const pages = useCursorPages();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Row | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const list = useLoad(async () => {
    if (projectId === null) return { data: [] as Row[], nextCursor: null };
    const page = await api.request('get', '/v1/endpoints', { query: { projectId, limit: PAGE_SIZE, cursor: pages.cursor } });
    const data = await Promise.all(
      page.data.map(async (endpoint) => ({
        ...endpoint,
        health: (await api.request('get', '/v1/endpoints/{id}/health', { params: { id: endpoint.id } })).status,
      })),
    );
    return { data, nextCursor: page.nextCursor ?? null };
  }, [api, projectId, pages.cursor]);
  const catalog = useLoad(async () => (await api.request('get', '/v1/event-types')).data, [api]);

  const confirmDelete = async () => {
    if (deleting === null) return;
    try {
      await api.request('delete', '/v1/endpoints/{id}', { params: { id: deleting.id } });
      setDeleting(null);
      await list.reload();
    } catch (error) {
      setDeleteError(asApiError(error).message);
    }
  };

  return (
    <section aria-labelledby="webhooks-heading">
      <div className="page-head">
        <h1 id="webhooks-heading">Webhooks</h1>
        <button type="button" className="button" disabled={projectId === null} onClick={() => setCreating(true)}>
          Add Endpoint
        </button>
      </div>
      {projectId === null ? <p className="muted">Choose a project to see its endpoints.</p> : null}
      {list.state === 'failed' ? <ErrorNotice error={list.error} /> : null}
      {list.state === 'ready' && list.value.data.length === 0 && projectId !== null ? (
        <p className="muted">No endpoints yet. Add one to start receiving events.</p>
      ) : null}
      <ul className="endpoint-list" aria-label="Endpoints">
        {list.state === 'ready'
          ? list.value.data.map((endpoint) => (
              <li key={endpoint.id} className="endpoint-row" aria-label={endpoint.description || endpoint.url}>
                <div className="endpoint-main">
                  <div className="endpoint-title">
                    <span className="endpoint-name">{endpoint.description || endpoint.url}</span>
                    <StatusBadge badge={endpointBadge(endpoint.status, endpoint.health)} />
                  </div>
                  <div className="endpoint-url">
                    <span className="mono">{endpoint.url}</span>
                    <a className="icon-button" href={endpoint.url} target="_blank" rel="noopener noreferrer" aria-label="Open endpoint URL">
                      <Icon name="link" />
                    </a>
                  </div>
                  <ul className="tags" aria-label="Event types">
                    {endpoint.eventTypes.map((type) => (
                      <li key={type} className="tag">
                        {type}
                      </li>
                    ))}
                  </ul>
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label="Delete endpoint"
                    onClick={() => {
                      setDeleteError(null);
                      setDeleting(endpoint);
                    }}
                  >
                    <Icon name="trash" />
                  </button>
                  <a className="icon-button" href={routeHash({ name: 'editor', endpointId: endpoint.id })} aria-label="Edit endpoint">
                    <Icon name="chevron" />
                  </a>
                </div>
              </li>
            ))
          : null}
      </ul>
      {list.state === 'loading' ? <p className="muted">Loading…</p> : null}
      <Pager hasPrevious={pages.page > 1} nextCursor={list.state === 'ready' ? list.value.nextCursor : null} onPrevious={pages.previous} onNext={pages.next} />
      {projectId !== null ? (
        <CreateEndpointDialog
          open={creating}
          projectId={projectId}
          catalog={catalog.state === 'ready' ? catalog.value : []}
          onOpenChange={setCreating}
          onCreated={() => {
            setCreating(false);
            void list.reload();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete Endpoint"
        description="Deleting this endpoint stops all deliveries to it and removes its message history. This cannot be undone."
        confirmLabel="Delete Endpoint"
        danger
        error={deleteError}
        onConfirm={() => void confirmDelete()}
        onOpenChange={(open) => !open && setDeleting(null)}
      />
    </section>
  );
}

import { useState } from 'react';
import type { Schemas } from '../api/client';
import { useConsole } from '../console-context';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { asApiError } from '../components/useLoad';

/** "Danger Zone": disable/enable, and "Delete Endpoint" behind a confirmation. */
export function DangerZone(props: {
  readonly endpoint: Schemas['EndpointDto'];
  readonly onChanged: (endpoint: Schemas['EndpointDto']) => void;
  readonly onDeleted: () => void;
}) {
  const { api } = useConsole();
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { endpoint } = props;

  const toggle = async () => {
    try {
      const path = endpoint.status === 'disabled' ? '/v1/endpoints/{id}/enable' : '/v1/endpoints/{id}/disable';
      props.onChanged(await api.request('post', path, { params: { id: endpoint.id } }));
    } catch (failure) {
      setError(asApiError(failure).message);
    }
  };

  const remove = async () => {
    try {
      await api.request('delete', '/v1/endpoints/{id}', { params: { id: endpoint.id } });
      setDeleting(false);
      props.onDeleted();
    } catch (failure) {
      setError(asApiError(failure).message);
    }
  };

  return (
    <section aria-labelledby="danger-heading" className="card danger-zone">
      <h2 id="danger-heading">Danger Zone</h2>
      <div className="row">
        <p>
          {endpoint.status === 'disabled'
            ? 'Deliveries are paused; they wait and drain when you enable the endpoint again.'
            : 'Pause deliveries; nothing is dropped.'}
        </p>
        <button type="button" className="button secondary" onClick={() => void toggle()}>
          {endpoint.status === 'disabled' ? 'Enable Endpoint' : 'Disable Endpoint'}
        </button>
      </div>
      <div className="row">
        <p>Stop all deliveries and remove this endpoint and its message history.</p>
        <button
          type="button"
          className="button danger"
          onClick={() => {
            setError(null);
            setDeleting(true);
          }}
        >
          Delete Endpoint
        </button>
      </div>
      {error && !deleting ? (
        <p role="alert" className="error-text">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={deleting}
        title="Delete Endpoint"
        description="Deleting this endpoint stops all deliveries to it and removes its message history. This cannot be undone."
        confirmLabel="Delete Endpoint"
        danger
        error={error}
        onConfirm={() => void remove()}
        onOpenChange={setDeleting}
      />
    </section>
  );
}

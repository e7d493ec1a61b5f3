import { useState } from 'react';
import type { Schemas } from '../api/client';
import { useConsole } from '../console-context';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { asApiError } from '../components/useLoad';

const GRACE_OPTIONS = [
  { seconds: 0, label: 'Stop the old secret now' },
  { seconds: 3600, label: 'Keep the old secret working for 1 hour' },
  { seconds: 86_400, label: 'Keep the old secret working for 24 hours' },
  { seconds: 604_800, label: 'Keep the old secret working for 7 days' },
] as const;

/** "Signing secret": masked, reveal, copy, regenerate with the grace period the API supports. */
export function SigningSecret(props: { readonly endpoint: Schemas['EndpointDto']; readonly onRotated: (endpoint: Schemas['EndpointDto']) => void }) {
  const { api } = useConsole();
  const [secret, setSecret] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  const [grace, setGrace] = useState<number>(86_400);
  const [error, setError] = useState<string | null>(null);
  const id = props.endpoint.id;

  const load = async (): Promise<string> => {
    if (secret !== null) return secret;
    const { key } = await api.request('get', '/v1/endpoints/{id}/secret', { params: { id } });
    setSecret(key);
    return key;
  };

  const reveal = async () => {
    try {
      if (!shown) await load();
      setShown(!shown);
    } catch (failure) {
      setNotice(asApiError(failure).message);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(await load());
      setNotice('Secret copied to the clipboard.');
    } catch (failure) {
      setNotice(failure instanceof Error ? `Could not copy: ${failure.message}` : 'Could not copy.');
    }
  };

  const rotate = async () => {
    try {
      const rotated = await api.request('post', '/v1/endpoints/{id}/secret/rotate', { params: { id }, body: { graceSeconds: grace } });
      setSecret(null);
      setShown(false);
      setRotating(false);
      setNotice(grace === 0 ? 'Secret regenerated. The old secret no longer works.' : 'Secret regenerated. The old secret keeps working for the grace period.');
      props.onRotated(rotated);
    } catch (failure) {
      setError(asApiError(failure).message);
    }
  };

  return (
    <section aria-labelledby="secret-heading" className="card">
      <h2 id="secret-heading">Signing secret</h2>
      <div className="secret-row">
        <code className="mono secret" aria-label="Signing secret value">
          {shown && secret !== null ? secret : 'whsec_••••••••••••••••••••••••'}
        </code>
        <button type="button" className="button secondary" aria-pressed={shown} onClick={() => void reveal()}>
          {shown ? 'Hide secret' : 'Reveal secret'}
        </button>
        <button type="button" className="icon-button" aria-label="Copy secret" onClick={() => void copy()}>
          <Icon name="copy" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Regenerate secret"
          onClick={() => {
            setError(null);
            setRotating(true);
          }}
        >
          <Icon name="refresh" />
        </button>
      </div>
      {props.endpoint.previousSecretExpiresAt ? (
        <p className="muted">The previous secret also signs until {new Date(props.endpoint.previousSecretExpiresAt).toLocaleString()}.</p>
      ) : null}
      <p role="status" className="muted">
        {notice}
      </p>
      <ConfirmDialog
        open={rotating}
        title="Regenerate signing secret"
        description="A new secret is generated and signs every delivery from now on. The old secret stops working — at once or after the grace period you choose — so update your server first."
        confirmLabel="Regenerate secret"
        error={error}
        onConfirm={() => void rotate()}
        onOpenChange={setRotating}
      >
        <label htmlFor="grace-period">Grace period</label>
        <select id="grace-period" value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
          {GRACE_OPTIONS.map((option) => (
            <option key={option.seconds} value={option.seconds}>
              {option.label}
            </option>
          ))}
        </select>
      </ConfirmDialog>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { remember, type SignedIn } from '../session/credential';
import { asApiError } from '../components/useLoad';

/** For platform teams and operators: paste an API key or the admin token. Customers arrive by one-time link instead. */
export function SignIn(props: { readonly notice: string | null; readonly onSignedIn: (session: SignedIn) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await remember(window.sessionStorage, key.trim()));
    } catch (failure) {
      const apiError = asApiError(failure);
      setError(apiError.status === 401 ? 'That key was not accepted.' : apiError.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <h1>Webhooks console</h1>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <form onSubmit={submit} className="stack">
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-describedby="api-key-help"
          required
        />
        <p id="api-key-help" className="muted">
          An account or project key (hk_…), or the admin token for the operator view. It is kept for this tab only.
        </p>
        {error ? (
          <p role="alert" className="error-text">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
      </form>
    </main>
  );
}

import { useState, type FormEvent } from 'react';
import { useConsole } from '../console-context';
import { asApiError } from '../components/useLoad';

/** "Recover failed messages since …": one more attempt for every failed or exhausted message in the window. */
export function RecoverMessages(props: { readonly endpointId: string }) {
  const { api } = useConsole();
  const [since, setSince] = useState(() => toLocalInput(new Date(Date.now() - 86_400_000)));
  const [result, setResult] = useState<string | null>(null);

  const recover = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const outcome = await api.request('post', '/v1/endpoints/{id}/recover', {
        params: { id: props.endpointId },
        body: { since: new Date(since).toISOString() },
      });
      setResult(
        `${outcome.queued} failed message${outcome.queued === 1 ? '' : 's'} queued again.` +
          (outcome.nextSince ? ` More remain: recover again from ${new Date(outcome.nextSince).toLocaleString()}.` : ''),
      );
    } catch (failure) {
      setResult(`Could not recover: ${asApiError(failure).message}`);
    }
  };

  return (
    <form className="row" onSubmit={recover}>
      <label htmlFor="recover-since">Recover failed messages since</label>
      <input id="recover-since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} required />
      <button type="submit" className="button secondary">
        Recover
      </button>
      <p role="status">{result}</p>
    </form>
  );
}

function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

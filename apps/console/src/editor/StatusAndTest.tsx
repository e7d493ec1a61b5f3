import { useEffect, useRef, useState } from 'react';
import { useConsole } from '../console-context';
import { asApiError, ErrorNotice, useLoad } from '../components/useLoad';
import { healthText, testOutcome } from './health-text';

const POLL_MS = 1000;
const POLL_TRIES = 30;

/** "Status" with the health text, and "Send Test Event" with its outcome once the dispatcher has tried it. */
export function StatusAndTest(props: { readonly endpointId: string }) {
  const { api } = useConsole();
  const health = useLoad(() => api.request('get', '/v1/endpoints/{id}/health', { params: { id: props.endpointId } }), [api, props.endpointId]);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const sendTest = async () => {
    setBusy(true);
    setOutcome('Sending a test event…');
    try {
      const { messageId } = await api.request('post', '/v1/endpoints/{id}/test', { params: { id: props.endpointId }, body: {} });
      setOutcome(`Test event queued (message ${messageId}).`);
      for (let i = 0; i < POLL_TRIES && alive.current; i++) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const message = await api.request('get', '/v1/messages/{id}', { params: { id: messageId } }).catch(() => null);
        const result = message === null ? null : testOutcome(message, props.endpointId);
        if (result !== null) {
          if (alive.current) setOutcome(result);
          await health.reload();
          return;
        }
      }
    } catch (failure) {
      setOutcome(`Could not send a test event: ${asApiError(failure).message}`);
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  return (
    <section aria-labelledby="status-heading" className="card">
      <h2 id="status-heading">Status</h2>
      {health.state === 'ready' ? <p>{healthText(health.value)}</p> : null}
      {health.state === 'failed' ? <ErrorNotice error={health.error} /> : null}
      <button type="button" className="button secondary" disabled={busy} onClick={() => void sendTest()}>
        Send Test Event
      </button>
      <p role="status" aria-live="polite">
        {outcome}
      </p>
    </section>
  );
}

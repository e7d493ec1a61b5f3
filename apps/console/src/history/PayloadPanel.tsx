import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { useConsole } from '../console-context';
import { Icon } from '../components/Icon';
import { asApiError, ErrorNotice, useLoad } from '../components/useLoad';
import { sentBody } from './sent-body';
import { useReturnFocus } from '../components/return-focus';

/**
 * "Message payload" (the eye): the body as sent, the response, metadata and
 * every attempt. Everything from the message is rendered as text by React —
 * never as HTML — so a payload carrying `<script>` or `onerror=` stays inert.
 */
export function PayloadPanel(props: { readonly endpointId: string; readonly messageId: string; readonly onClose: () => void }) {
  const { api } = useConsole();
  const returnFocus = useReturnFocus(true);
  const message = useLoad(() => api.request('get', '/v1/messages/{id}', { params: { id: props.messageId } }), [api, props.messageId]);
  const [notice, setNotice] = useState<string | null>(null);

  const delivery = message.state === 'ready' ? message.value.deliveries.find((d) => d.endpointId === props.endpointId) : undefined;
  const last = delivery?.attemptLog[delivery.attemptLog.length - 1];
  const body = message.state === 'ready' ? JSON.stringify(sentBody(message.value), null, 2) : '';

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(body);
      setNotice('Payload copied to the clipboard.');
    } catch (failure) {
      setNotice(failure instanceof Error ? `Could not copy: ${failure.message}` : 'Could not copy.');
    }
  };
  const resend = async () => {
    try {
      const queued = await api.request('post', '/v1/endpoints/{id}/messages/{messageId}/resend', {
        params: { id: props.endpointId, messageId: props.messageId },
      });
      setNotice(`Resent: one more attempt of ${queued.messageId} is queued.`);
      setTimeout(() => void message.reload(), 1500);
    } catch (failure) {
      setNotice(`Could not resend: ${asApiError(failure).message}`);
    }
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="sheet" onCloseAutoFocus={returnFocus}>
          <div className="page-head">
            <Dialog.Title>Message payload</Dialog.Title>
            <Dialog.Close asChild>
              <button type="button" className="icon-button" aria-label="Close">
                <Icon name="close" />
              </button>
            </Dialog.Close>
          </div>
          <Dialog.Description className="mono">{props.messageId}</Dialog.Description>
          {message.state === 'failed' ? <ErrorNotice error={message.error} /> : null}
          {message.state === 'loading' ? <p className="muted">Loading…</p> : null}
          {message.state === 'ready' ? (
            <>
              <div className="row">
                <h3>Body sent</h3>
                <button type="button" className="icon-button" aria-label="Copy payload" onClick={() => void copy()}>
                  <Icon name="copy" />
                </button>
                <button type="button" className="button secondary" onClick={() => void resend()}>
                  Resend
                </button>
              </div>
              <p role="status">{notice}</p>
              <pre className="code" aria-label="Payload JSON" tabIndex={0}>
                {body}
              </pre>
              <h3>Response</h3>
              {last === undefined ? (
                <p className="muted">No attempt yet.</p>
              ) : (
                <>
                  <p>HTTP {last.responseStatus ?? '—'}</p>
                  <pre className="code" aria-label="Response body" tabIndex={0}>
                    {last.responseBodyPrefix ?? ''}
                  </pre>
                </>
              )}
              <h3>Metadata</h3>
              <dl className="meta">
                <dt>Event ID</dt>
                <dd className="mono">{message.value.eventId}</dd>
                <dt>Message ID</dt>
                <dd className="mono">{message.value.id}</dd>
                <dt>Event type</dt>
                <dd className="mono">{message.value.eventType}</dd>
                <dt>Created</dt>
                <dd>{new Date(message.value.createdAt).toLocaleString()}</dd>
                <dt>Accepted</dt>
                <dd>{new Date(message.value.acceptedAt).toLocaleString()}</dd>
                <dt>Tags</dt>
                <dd>
                  <span className="tag">{message.value.eventType}</span> <span className="tag">{delivery?.status ?? 'not sent here'}</span>
                </dd>
              </dl>
              <h3>Attempts</h3>
              <ol className="timeline" aria-label="Attempts">
                {(delivery?.attemptLog ?? []).map((attempt) => (
                  <li key={attempt.attempt} className={`attempt attempt-${attempt.outcome}`}>
                    <strong>
                      Attempt {attempt.attempt}: {attempt.outcome === 'succeeded' ? 'succeeded' : 'failed'}
                    </strong>{' '}
                    <span>{new Date(attempt.attemptedAt).toLocaleString()}</span> · <span>{attempt.durationMs} ms</span>
                    {attempt.responseStatus !== null && attempt.responseStatus !== undefined ? <span> · HTTP {attempt.responseStatus}</span> : null}
                    {attempt.error || attempt.reason ? <div className="error-text">{attempt.error ?? attempt.reason}</div> : null}
                  </li>
                ))}
              </ol>
              {delivery?.nextAttemptAt ? <p className="muted">Next attempt {new Date(delivery.nextAttemptAt).toLocaleString()}.</p> : null}
            </>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

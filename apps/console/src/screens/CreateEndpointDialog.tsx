import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import type { Schemas } from '../api/client';
import { useConsole } from '../console-context';
import { DialogActions } from '../components/ConfirmDialog';
import { asApiError } from '../components/useLoad';
import { EventTypeChecklist } from './EventTypeChecklist';
import { fieldErrorOf, type FieldError } from './endpoint-errors';
import { useReturnFocus } from '../components/return-focus';

/** "Create Webhook Endpoint": URL, Description, Rate Limit (per second), Event Types; the API's codes become inline errors. */
export function CreateEndpointDialog(props: {
  readonly open: boolean;
  readonly projectId: string;
  readonly catalog: readonly Schemas['EventTypeDto'][];
  readonly onOpenChange: (open: boolean) => void;
  readonly onCreated: (endpoint: Schemas['EndpointDto']) => void;
}) {
  const { api } = useConsole();
  const returnFocus = useReturnFocus(props.open);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [rateLimit, setRateLimit] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (eventTypes.length === 0) {
      setError({ field: 'eventTypes', message: 'Select at least one event type' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api.request('post', '/v1/endpoints', {
        body: {
          url: url.trim(),
          description: description.trim(),
          eventTypes,
          projectId: props.projectId,
          scope: 'project',
          rateLimitPerSecond: rateLimit.trim() === '' ? undefined : Number(rateLimit),
        },
      });
      setUrl('');
      setDescription('');
      setRateLimit('');
      setEventTypes([]);
      props.onCreated(created);
    } catch (failure) {
      setError(fieldErrorOf(asApiError(failure)));
    } finally {
      setBusy(false);
    }
  };

  const errorFor = (field: string) =>
    error?.field === field ? (
      <p id={`create-${field}-error`} role="alert" className="error-text">
        {error.message}
      </p>
    ) : null;
  const invalid = (field: string) => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': `create-${field}-error` } : {});

  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog wide" onCloseAutoFocus={returnFocus}>
          <Dialog.Title>Create Webhook Endpoint</Dialog.Title>
          <Dialog.Description>Events of the selected types are POSTed to this URL, signed with a secret generated for it.</Dialog.Description>
          <form onSubmit={submit} className="stack" noValidate>
            <label htmlFor="create-url">URL</label>
            <input
              id="create-url"
              type="url"
              required
              placeholder="https://example.com/webhook"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              {...invalid('url')}
            />
            {errorFor('url')}
            <label htmlFor="create-description">Description</label>
            <input id="create-description" required value={description} onChange={(e) => setDescription(e.target.value)} {...invalid('description')} />
            {errorFor('description')}
            <label htmlFor="create-rate">Rate Limit (per second)</label>
            <input
              id="create-rate"
              inputMode="numeric"
              placeholder="No limit"
              value={rateLimit}
              onChange={(e) => setRateLimit(e.target.value.replace(/[^0-9]/g, ''))}
              {...invalid('rateLimitPerSecond')}
            />
            {errorFor('rateLimitPerSecond')}
            <fieldset>
              <legend>Event Types</legend>
              <EventTypeChecklist catalog={props.catalog} selected={eventTypes} onChange={setEventTypes} />
            </fieldset>
            {errorFor('eventTypes')}
            {error !== null && !['url', 'description', 'rateLimitPerSecond', 'eventTypes'].includes(error.field) ? (
              <p role="alert" className="error-text">
                {error.message}
              </p>
            ) : null}
            <DialogActions label="Create Endpoint" busy={busy} />
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

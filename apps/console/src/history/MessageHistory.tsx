import { useEffect, useState, type FormEvent } from 'react';
import { useConsole } from '../console-context';
import { Icon } from '../components/Icon';
import { Pager, useCursorPages } from '../components/Pager';
import { asApiError, ErrorNotice, useLoad } from '../components/useLoad';
import { routeHash } from '../route';
import { PayloadPanel } from './PayloadPanel';

const PAGE_SIZE = 20;
/** New deliveries appear without a reload: the first page and the cards refresh on this period. */
const LIVE_MS = 3000;
const STATUSES = ['pending', 'succeeded', 'failed', 'exhausted'] as const;

/** "Message History": the four cards, the table, paging, a status filter, search by message id, live updates. */
export function MessageHistory(props: { readonly endpointId: string; readonly messageId: string | null }) {
  const { api, navigate } = useConsole();
  const pages = useCursorPages();
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [searchError, setSearchError] = useState<string | null>(null);
  const id = props.endpointId;

  const stats = useLoad(() => api.request('get', '/v1/endpoints/{id}/stats', { params: { id } }), [api, id]);
  const messages = useLoad(
    () => api.request('get', '/v1/endpoints/{id}/messages', { params: { id }, query: { limit: PAGE_SIZE, cursor: pages.cursor, status } }),
    [api, id, pages.cursor, status],
  );
  const { reload: reloadMessages } = messages;
  const { reload: reloadStats } = stats;
  const onFirstPage = pages.page === 1;
  useEffect(() => {
    const timer = setInterval(() => {
      void reloadStats();
      // Later pages hold still while someone reads them; the first page follows new deliveries.
      if (onFirstPage) void reloadMessages();
    }, LIVE_MS);
    return () => clearInterval(timer);
  }, [reloadMessages, reloadStats, onFirstPage]);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = search.trim();
    if (wanted === '') return;
    setSearchError(null);
    try {
      const message = await api.request('get', '/v1/messages/{id}', { params: { id: wanted } });
      if (!message.deliveries.some((d) => d.endpointId === id)) throw new Error(`message ${wanted} was not sent to this endpoint`);
      navigate({ name: 'messages', endpointId: id, messageId: wanted });
    } catch (failure) {
      setSearchError(asApiError(failure).status === 404 ? `No message ${wanted}` : asApiError(failure).message);
    }
  };

  const rate =
    stats.state === 'ready' && stats.value.successRate !== null && stats.value.successRate !== undefined
      ? `${(stats.value.successRate * 100).toFixed(1)}%`
      : '—';
  return (
    <section aria-labelledby="history-heading">
      <a href={routeHash({ name: 'editor', endpointId: id })}>← Edit Endpoint</a>
      <h1 id="history-heading">Message History</h1>
      <div className="cards">
        <Card label="Total Messages" value={stats.state === 'ready' ? String(stats.value.total) : '—'} />
        <Card label="Successful" value={stats.state === 'ready' ? String(stats.value.successful) : '—'} />
        <Card label="Failed" value={stats.state === 'ready' ? String(stats.value.failed) : '—'} />
        <Card label="Success Rate" value={rate} />
      </div>
      <div className="toolbar">
        <label htmlFor="status-filter">Status</label>
        <select
          id="status-filter"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            pages.reset();
          }}
        >
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <form role="search" onSubmit={find} className="row">
          <label htmlFor="message-search">Search by message ID</label>
          <input id="message-search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="msg_…" />
          <button type="submit" className="button secondary">
            Search
          </button>
        </form>
      </div>
      {searchError ? (
        <p role="alert" className="error-text">
          {searchError}
        </p>
      ) : null}
      {messages.state === 'failed' ? <ErrorNotice error={messages.error} /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Event Type</th>
              <th scope="col">Status</th>
              <th scope="col">Response</th>
              <th scope="col">Timestamp</th>
              <th scope="col">Message ID</th>
              <th scope="col">
                <span className="visually-hidden">Payload</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {messages.state === 'ready'
              ? messages.value.data.map((row) => (
                  <tr key={row.messageId}>
                    <td className="mono">{row.eventType}</td>
                    <td>
                      <span className={`badge badge-${row.status}`}>{statusLabel(row.status)}</span>
                    </td>
                    <td>{row.lastStatusCode ?? '—'}</td>
                    <td>{new Date(row.lastAttemptAt ?? row.acceptedAt).toLocaleString()}</td>
                    <td className="mono">{row.messageId}</td>
                    <td>
                      <button
                        type="button"
                        className="icon-button"
                        aria-label="View payload"
                        onClick={() => navigate({ name: 'messages', endpointId: id, messageId: row.messageId })}
                      >
                        <Icon name="eye" />
                      </button>
                    </td>
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </div>
      {messages.state === 'ready' && messages.value.data.length === 0 ? <p className="muted">No messages yet.</p> : null}
      <Pager
        hasPrevious={pages.page > 1}
        nextCursor={messages.state === 'ready' ? (messages.value.nextCursor ?? null) : null}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
      {props.messageId !== null ? (
        <PayloadPanel endpointId={id} messageId={props.messageId} onClose={() => navigate({ name: 'messages', endpointId: id, messageId: null })} />
      ) : null}
    </section>
  );
}

function Card(props: { readonly label: string; readonly value: string }) {
  return (
    <div className="stat-card" role="group" aria-label={props.label}>
      <span className="muted">{props.label}</span>
      <strong>{props.value}</strong>
    </div>
  );
}

export function statusLabel(status: string): string {
  switch (status) {
    case 'succeeded':
      return 'Success';
    case 'failed':
      return 'Failed, retrying';
    case 'exhausted':
      return 'Failed';
    case 'pending':
      return 'Pending';
    default:
      return status;
  }
}

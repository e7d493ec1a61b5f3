import { useState } from 'react';
import { useConsole } from '../console-context';
import { Pager, useCursorPages } from '../components/Pager';
import { ErrorNotice, useLoad } from '../components/useLoad';
import { routeHash } from '../route';

/** The admin token's view: endpoints of every tenant with failing ones first, and accounts with their projects and keys. */
export function OperatorView() {
  const { api, caller } = useConsole();
  const pages = useCursorPages();
  const triage = useLoad(() => api.request('get', '/v1/operator/endpoints', { query: { limit: 25, cursor: pages.cursor } }), [api, pages.cursor]);
  const accounts = useLoad(async () => (await api.request('get', '/v1/accounts', { query: { limit: 250 } })).data, [api]);
  const [openAccount, setOpenAccount] = useState<string | null>(null);
  if (caller.kind !== 'admin') return <p>The operator view needs the admin token.</p>;
  return (
    <section aria-labelledby="operator-heading">
      <h1 id="operator-heading">Operator</h1>
      <h2>Endpoints, failing first</h2>
      {triage.state === 'failed' ? <ErrorNotice error={triage.error} /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">State</th>
              <th scope="col">Last error</th>
              <th scope="col">Attempts (failed)</th>
              <th scope="col">Account / project</th>
            </tr>
          </thead>
          <tbody>
            {triage.state === 'ready'
              ? triage.value.data.map((item) => (
                  <tr key={item.endpoint.id}>
                    <td>
                      <a href={routeHash({ name: 'editor', endpointId: item.endpoint.id })}>{item.endpoint.description || item.endpoint.url}</a>
                      <div className="mono muted">{item.endpoint.url}</div>
                    </td>
                    <td>
                      <span className={`badge badge-${item.triage === 'ok' ? 'active' : item.triage}`}>
                        {item.triage === 'ok' ? 'Active' : item.triage === 'failing' ? 'Failing' : 'Disabled'}
                      </span>
                    </td>
                    <td>{item.lastError ?? '—'}</td>
                    <td>
                      {item.attempts} ({item.failedAttempts})
                    </td>
                    <td className="mono">
                      {item.endpoint.accountId} / {item.endpoint.projectId ?? 'partner'}
                    </td>
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </div>
      <Pager
        hasPrevious={pages.page > 1}
        nextCursor={triage.state === 'ready' ? (triage.value.nextCursor ?? null) : null}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
      <h2>Accounts</h2>
      {accounts.state === 'failed' ? <ErrorNotice error={accounts.error} /> : null}
      <ul className="account-list">
        {accounts.state === 'ready'
          ? accounts.value.map((account) => (
              <li key={account.id} className="card">
                <button
                  type="button"
                  className="link-button"
                  aria-expanded={openAccount === account.id}
                  onClick={() => setOpenAccount(openAccount === account.id ? null : account.id)}
                >
                  {account.name || account.id}
                </button>{' '}
                <span className="mono muted">{account.id}</span>
                {openAccount === account.id ? <AccountDetail accountId={account.id} /> : null}
              </li>
            ))
          : null}
      </ul>
    </section>
  );
}

function AccountDetail({ accountId }: { readonly accountId: string }) {
  const { api } = useConsole();
  const projects = useLoad(
    async () => (await api.request('get', '/v1/accounts/{id}/projects', { params: { id: accountId }, query: { limit: 250 } })).data,
    [api, accountId],
  );
  const keys = useLoad(async () => (await api.request('get', '/v1/api-keys', { query: { accountId, limit: 250 } })).data, [api, accountId]);
  return (
    <div className="stack">
      <h3>Projects</h3>
      <ul>
        {projects.state === 'ready'
          ? projects.value.map((p) => (
              <li key={p.id}>
                {p.name || p.id} <span className="mono muted">{p.id}</span>
              </li>
            ))
          : null}
      </ul>
      <h3>API keys</h3>
      <ul>
        {keys.state === 'ready'
          ? keys.value.map((k) => (
              <li key={k.id}>
                <span className="mono">{k.prefix}…</span> {k.scope} {k.projectId ?? ''} {k.name} {k.revokedAt ? '(revoked)' : ''}
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useConsole } from '../console-context';
import { useLoad } from '../components/useLoad';

/**
 * Which project's Webhooks page is shown. A project session has exactly one;
 * an account session switches between its account's projects; the admin
 * picks an account first.
 */
export function ProjectSwitcher(props: { readonly projectId: string | null; readonly onChange: (projectId: string | null) => void }) {
  const { api, caller } = useConsole();
  const [accountId, setAccountId] = useState<string | null>(caller.accountId ?? null);
  const accounts = useLoad(
    async () => (caller.kind === 'admin' ? (await api.request('get', '/v1/accounts', { query: { limit: 250 } })).data : []),
    [api, caller.kind],
  );
  const projects = useLoad(
    async () =>
      caller.kind === 'project' || accountId === null
        ? []
        : (await api.request('get', '/v1/accounts/{id}/projects', { params: { id: accountId }, query: { limit: 250 } })).data,
    [api, caller.kind, accountId],
  );
  const { onChange, projectId } = props;
  useEffect(() => {
    // An account session opens on its first project.
    if (projectId === null && projects.state === 'ready' && projects.value[0] !== undefined) onChange(projects.value[0].id);
  }, [projects, projectId, onChange]);

  if (caller.kind === 'project') return <ProjectName projectId={caller.projectId ?? ''} />;
  return (
    <div className="switcher">
      {caller.kind === 'admin' ? (
        <>
          <label htmlFor="account-switch">Account</label>
          <select
            id="account-switch"
            value={accountId ?? ''}
            onChange={(e) => {
              setAccountId(e.target.value === '' ? null : e.target.value);
              onChange(null);
            }}
          >
            <option value="">Choose an account</option>
            {accounts.state === 'ready'
              ? accounts.value.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name || a.id}
                  </option>
                ))
              : null}
          </select>
        </>
      ) : null}
      <label htmlFor="project-switch">Project</label>
      <select id="project-switch" value={projectId ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
        <option value="">Choose a project</option>
        {projects.state === 'ready'
          ? projects.value.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name || p.id}
              </option>
            ))
          : null}
      </select>
    </div>
  );
}

function ProjectName({ projectId }: { readonly projectId: string }) {
  const { api } = useConsole();
  const project = useLoad(() => api.request('get', '/v1/projects/{id}', { params: { id: projectId } }), [api, projectId]);
  return <span className="muted">Project {project.state === 'ready' && project.value.name !== '' ? project.value.name : projectId}</span>;
}

import { hashApiKey, type RegistryView } from '@hookline/domain';

/** Who is publishing: a project key is bound to its project; an account key must name one of its projects. */
export type IngestPrincipal =
  { readonly scope: 'project'; readonly accountId: string; readonly projectId: string } | { readonly scope: 'account'; readonly accountId: string };

/** Resolves a bearer API key against the registry view (no database on the ingest path). */
export function principalFor(authorization: string | undefined, view: RegistryView): IngestPrincipal | null {
  if (authorization === undefined || !authorization.startsWith('Bearer ')) return null;
  const key = view.apiKeyByHash(hashApiKey(authorization.slice(7).trim()));
  if (key === undefined) return null;
  if (key.scope === 'project' && key.projectId !== null) return { scope: 'project', accountId: key.accountId, projectId: key.projectId };
  if (key.scope === 'account') return { scope: 'account', accountId: key.accountId };
  return null;
}

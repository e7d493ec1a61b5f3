export type EndpointBadge = 'Active' | 'Disabled' | 'Failing';

/** The seed's badge: Disabled wins (nothing is sent), then Failing (the health verdict), else Active. */
export function endpointBadge(status: string, health: string | undefined): EndpointBadge {
  if (status === 'disabled') return 'Disabled';
  return health === 'failing' ? 'Failing' : 'Active';
}

export function StatusBadge({ badge }: { readonly badge: EndpointBadge }) {
  return <span className={`badge badge-${badge.toLowerCase()}`}>{badge}</span>;
}

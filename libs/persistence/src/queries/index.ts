// What the registry reads from the read models (endpoints, tenants, history, stats,
// the operator's triage list, the registry snapshot), and the portal sessions it keeps.
export * from './endpoint.queries';
export * from './endpoint-stats.queries';
export * from './history.queries';
export * from './message-detail.queries';
export * from './operator-endpoints.queries';
export * from './portal-session.store';
export * from './registry-snapshot.queries';
export * from './tenant.queries';
export * from './tenant-list.queries';

import type { EndpointState } from '@hookline/domain';

/** The public shape of an endpoint. Explicit field by field: secrets never leave through it. */
export function endpointResponse(state: EndpointState) {
  return {
    id: state.endpointId,
    url: state.url,
    description: state.description,
    eventTypes: state.eventTypes,
    scope: state.scope,
    projectId: state.projectId,
    accountId: state.accountId,
    status: state.status,
    disabledReason: state.disabledReason,
    rateLimitPerSecond: state.rateLimitPerSecond,
    headers: Object.keys(state.headers),
    timeoutMs: state.timeoutMs,
    retrySchedule: state.retrySchedule,
    ordering: state.ordering,
    legacySignatureHeader: state.legacySignatureHeader,
    version: state.version,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

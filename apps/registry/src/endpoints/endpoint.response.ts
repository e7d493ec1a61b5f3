import type { EndpointState } from '@hookline/domain';
import type { EndpointDto } from './endpoint.dto';

/**
 * The public shape of an endpoint. Explicit field by field: secrets never
 * leave through it, and custom headers only by name (they often carry
 * credentials such as `Authorization`).
 */
export function endpointResponse(state: EndpointState): EndpointDto {
  return {
    id: state.endpointId,
    url: state.url,
    description: state.description,
    eventTypes: [...state.eventTypes],
    scope: state.scope,
    projectId: state.projectId,
    accountId: state.accountId,
    status: state.status,
    disabledReason: state.disabledReason,
    rateLimitPerSecond: state.rateLimitPerSecond,
    headers: Object.keys(state.headers),
    timeoutMs: state.timeoutMs,
    retrySchedule: state.retrySchedule === null ? null : [...state.retrySchedule],
    ordering: state.ordering,
    legacySignatureHeader: state.legacySignatureHeader,
    previousSecretExpiresAt: state.previousSecretExpiresAt,
    version: state.version,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

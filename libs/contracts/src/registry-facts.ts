import type { EventTypeCreated, TenantFact } from './tenant-facts';

/**
 * Facts about endpoints, appended to the `registry` topic keyed by endpoint id.
 * Each carries the aggregate `version` it produces, so projections can be
 * idempotent and PATCH can check an expected version.
 */
export type EndpointScope = 'project' | 'account';
export type EndpointOrdering = 'unordered' | 'fifo';

/** A secret sealed with the deployment's master key (AES-256-GCM), never the plain text. */
export type SealedSecret = string;

/**
 * A custom header value. Values often carry credentials (`Authorization: Basic …`),
 * so they are secrets like signing secrets:
 * - a plain string: clear, as a command gives it, and as facts written before
 *   issue 11 carry it (those are still sent);
 * - `{ sealed }`: AES-256-GCM under the master key, as every fact since carries it;
 * - `{ withheld: true }`: the read model's stand-in for a clear value of an old
 *   fact, which it does not keep (the registry needs only names; the dispatcher
 *   folds the facts themselves).
 */
export type HeaderValue = string | SealedHeaderValue | WithheldHeaderValue;
export interface SealedHeaderValue {
  readonly sealed: SealedSecret;
}
export interface WithheldHeaderValue {
  readonly withheld: true;
}

export interface EndpointSettings {
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly rateLimitPerSecond: number | null;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly timeoutMs: number;
  readonly retrySchedule: readonly number[] | null;
  readonly ordering: EndpointOrdering;
  /** Name of the hex HMAC header; null turns it off. */
  readonly legacySignatureHeader: string | null;
}

interface EndpointFactBase {
  readonly v: 1;
  readonly endpointId: string;
  readonly version: number;
  /** ISO-8601 time the fact was decided. */
  readonly at: string;
}

export interface EndpointCreated extends EndpointFactBase, EndpointSettings {
  readonly type: 'EndpointCreated';
  readonly accountId: string | null;
  readonly projectId: string | null;
  readonly scope: EndpointScope;
  readonly secret: SealedSecret;
}

export interface EndpointUpdated extends EndpointFactBase {
  readonly type: 'EndpointUpdated';
  readonly changes: Partial<EndpointSettings>;
}

export interface EndpointSecretRotated extends EndpointFactBase {
  readonly type: 'EndpointSecretRotated';
  readonly secret: SealedSecret;
  /** The previous secret keeps signing until this time (ISO-8601); equal to `at` means no grace. */
  readonly previousSecretExpiresAt: string;
}

export interface EndpointDisabled extends EndpointFactBase {
  readonly type: 'EndpointDisabled';
  readonly reason: string;
}

export interface EndpointEnabled extends EndpointFactBase {
  readonly type: 'EndpointEnabled';
}

export interface EndpointDeleted extends EndpointFactBase {
  readonly type: 'EndpointDeleted';
}

export type EndpointFact = EndpointCreated | EndpointUpdated | EndpointSecretRotated | EndpointDisabled | EndpointEnabled | EndpointDeleted;

export type RegistryFact = EndpointFact | TenantFact | EventTypeCreated;

export const REGISTRY_FACT_TYPES: ReadonlySet<RegistryFact['type']> = new Set<RegistryFact['type']>([
  'EndpointCreated',
  'EndpointUpdated',
  'EndpointSecretRotated',
  'EndpointDisabled',
  'EndpointEnabled',
  'EndpointDeleted',
  'AccountCreated',
  'ProjectCreated',
  'ApiKeyCreated',
  'ApiKeyRevoked',
  'EventTypeCreated',
]);

export function isEndpointFact(fact: RegistryFact): fact is EndpointFact {
  return 'endpointId' in fact;
}

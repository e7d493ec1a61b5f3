import { assertNever, type EndpointFact, type EndpointScope, type EndpointSettings, type SealedSecret } from '@hookline/contracts';

export type EndpointStatus = 'enabled' | 'disabled';

/** Current state of one endpoint, folded from its facts. Deleted endpoints fold to undefined. */
export interface EndpointState extends EndpointSettings {
  readonly endpointId: string;
  readonly accountId: string | null;
  readonly projectId: string | null;
  readonly scope: EndpointScope;
  readonly status: EndpointStatus;
  readonly disabledReason: string | null;
  readonly version: number;
  readonly secret: SealedSecret;
  readonly previousSecret: SealedSecret | null;
  readonly previousSecretExpiresAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** evolve(state, fact) → state. Facts at or below the current version are ignored (replays). */
export function evolveEndpoint(state: EndpointState | undefined, fact: EndpointFact): EndpointState | undefined {
  if (fact.type === 'EndpointCreated') {
    if (state !== undefined) return state;
    return {
      endpointId: fact.endpointId,
      accountId: fact.accountId,
      projectId: fact.projectId,
      scope: fact.scope,
      url: fact.url,
      description: fact.description,
      eventTypes: fact.eventTypes,
      rateLimitPerSecond: fact.rateLimitPerSecond,
      headers: fact.headers,
      timeoutMs: fact.timeoutMs,
      retrySchedule: fact.retrySchedule,
      ordering: fact.ordering,
      legacySignatureHeader: fact.legacySignatureHeader,
      status: 'enabled',
      disabledReason: null,
      version: fact.version,
      secret: fact.secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      createdAt: fact.at,
      updatedAt: fact.at,
    };
  }
  if (state === undefined || fact.version <= state.version) return state;
  const base = { ...state, version: fact.version, updatedAt: fact.at };
  switch (fact.type) {
    case 'EndpointUpdated':
      return { ...base, ...fact.changes };
    case 'EndpointSecretRotated':
      return {
        ...base,
        secret: fact.secret,
        previousSecret: fact.previousSecretExpiresAt > fact.at ? state.secret : null,
        previousSecretExpiresAt: fact.previousSecretExpiresAt > fact.at ? fact.previousSecretExpiresAt : null,
      };
    case 'EndpointDisabled':
      return { ...base, status: 'disabled', disabledReason: fact.reason };
    case 'EndpointEnabled':
      return { ...base, status: 'enabled', disabledReason: null };
    case 'EndpointDeleted':
      return undefined;
    default:
      return assertNever(fact);
  }
}

/** The secrets that sign a request at `now`: the current one, plus the previous during its grace period. */
export function signingSecrets(state: EndpointState, now: Date): SealedSecret[] {
  const previousValid = state.previousSecret !== null && state.previousSecretExpiresAt !== null && Date.parse(state.previousSecretExpiresAt) > now.getTime();
  return previousValid ? [state.secret, state.previousSecret as SealedSecret] : [state.secret];
}

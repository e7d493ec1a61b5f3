import type { EndpointCreated, EndpointFact, EndpointScope, EndpointSettings, SealedSecret } from '@hookline/contracts';
import { DomainError } from './domain-error';
import { assertNever, type EndpointState } from './endpoint.state';
import { validateEndpointSettings, type EndpointPolicy } from './endpoint-settings';

/**
 * decide(command, state, now) → facts. Commands carry everything that needs
 * randomness or keys (ids, sealed secrets) so the decider stays pure.
 */
export interface CreateEndpoint {
  readonly type: 'CreateEndpoint';
  readonly endpointId: string;
  readonly accountId: string | null;
  readonly projectId: string | null;
  readonly scope: EndpointScope;
  readonly settings: EndpointSettings;
  readonly secret: SealedSecret;
  readonly policy: EndpointPolicy;
}

export type EndpointCommand = CreateEndpoint;

export function decideEndpoint(command: EndpointCommand, state: EndpointState | undefined, now: Date): EndpointFact[] {
  switch (command.type) {
    case 'CreateEndpoint':
      return [create(command, state, now)];
    default:
      return assertNever(command.type);
  }
}

function create(command: CreateEndpoint, state: EndpointState | undefined, now: Date): EndpointCreated {
  if (state !== undefined) {
    throw new DomainError('conflict', 'endpoint_exists', `endpoint ${command.endpointId} already exists`);
  }
  validateEndpointSettings(command.settings, command.policy);
  if (command.scope === 'project' && command.projectId === null) {
    throw new DomainError('validation', 'project_required', 'a project-scoped endpoint needs a projectId');
  }
  if (command.scope === 'account' && command.accountId === null) {
    throw new DomainError('validation', 'account_required', 'an account-scoped endpoint needs an account');
  }
  return {
    type: 'EndpointCreated',
    v: 1,
    endpointId: command.endpointId,
    version: 1,
    at: now.toISOString(),
    accountId: command.accountId,
    projectId: command.scope === 'project' ? command.projectId : null,
    scope: command.scope,
    secret: command.secret,
    ...command.settings,
  };
}

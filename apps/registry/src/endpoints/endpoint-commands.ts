import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EndpointFact, EndpointSettings } from '@hookline/contracts';
import {
  decideEndpoint,
  DomainError,
  generateEndpointSecret,
  newId,
  openHeadersForDecision,
  parseMasterKey,
  sealFactHeaders,
  sealSecret,
  type EndpointPolicy,
  type EndpointState,
} from '@hookline/domain';
import { findEndpoint } from '@hookline/persistence/queries';
import { EventTypeCatalog } from '../event-types/event-type-catalog.service';
import type { Principal } from '../http/principal';
import { RegistryLog } from '../facts/registry-log';
import { TenantAccess } from '../http/tenant-access';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';
import type { CreateEndpointRequest } from './create-endpoint.request';
import { resolveEndpointOwner } from './endpoint-owner';

/** Runs endpoint commands: check access, decide, append the facts, wait for the projection, read back. */
@Injectable()
export class EndpointCommands {
  private readonly masterKey: Buffer;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly db: DataSource,
    private readonly log: RegistryLog,
    private readonly access: TenantAccess,
    private readonly catalog: EventTypeCatalog,
  ) {
    this.masterKey = parseMasterKey(config.masterKey);
  }

  async create(principal: Principal, request: CreateEndpointRequest): Promise<EndpointState> {
    const owner = await resolveEndpointOwner(this.access, principal, request);
    const endpointId = newId('ep');
    const facts = decideEndpoint(
      {
        type: 'CreateEndpoint',
        endpointId,
        ...owner,
        settings: request.settings,
        secret: this.newSealedSecret(),
        policy: await this.policy(owner.accountId),
      },
      undefined,
      new Date(),
    );
    return this.present(await this.commit(endpointId, facts, undefined));
  }

  async update(principal: Principal, endpointId: string, changes: Partial<EndpointSettings>, expectedVersion: number | null) {
    const state = await this.access.endpoint(principal, endpointId);
    const policy = await this.policy(state.accountId);
    // Opened so the decider compares clear values: a PATCH repeating the current headers decides nothing.
    const opened = { ...state, headers: openHeadersForDecision(state.headers, this.masterKey) };
    const facts = decideEndpoint({ type: 'UpdateEndpoint', endpointId, expectedVersion, changes, policy }, opened, new Date());
    return this.present(await this.commit(endpointId, facts, state));
  }

  async rotateSecret(principal: Principal, endpointId: string, graceSeconds: number) {
    const state = await this.access.endpoint(principal, endpointId);
    const command = { type: 'RotateEndpointSecret' as const, endpointId, secret: this.newSealedSecret(), graceSeconds };
    return this.present(await this.commit(endpointId, decideEndpoint(command, state, new Date()), state));
  }

  async disable(principal: Principal, endpointId: string, reason: string) {
    const state = await this.access.endpoint(principal, endpointId);
    const facts = decideEndpoint({ type: 'DisableEndpoint', endpointId, reason }, state, new Date());
    return this.present(await this.commit(endpointId, facts, state));
  }

  async enable(principal: Principal, endpointId: string) {
    const state = await this.access.endpoint(principal, endpointId);
    const facts = decideEndpoint({ type: 'EnableEndpoint', endpointId }, state, new Date());
    return this.present(await this.commit(endpointId, facts, state));
  }

  async delete(principal: Principal, endpointId: string, expectedVersion: number | null): Promise<void> {
    const state = await this.access.endpoint(principal, endpointId);
    await this.commit(endpointId, decideEndpoint({ type: 'DeleteEndpoint', endpointId, expectedVersion }, state, new Date()), state);
  }

  private newSealedSecret(): string {
    return sealSecret(generateEndpointSecret(), this.masterKey);
  }

  private present(state: EndpointState | undefined): EndpointState {
    if (state === undefined) throw new Error('endpoint vanished between its command and its read-back');
    return state;
  }

  private async policy(accountId: string | null): Promise<EndpointPolicy> {
    const outbound = { allowPrivateNetworks: this.config.allowPrivateNetworks, allowlist: this.config.outboundAllowlist };
    return { allowHttp: this.config.allowHttp, outbound, knownEventTypes: await this.catalog.knownNames(accountId) };
  }

  /**
   * Appends and reads back. The version check ran against the read model, so
   * two writers may both decide version N+1; every fold keeps the first. The
   * loser learns it here (the row carries the other fact's time) and gets 409.
   */
  private async commit(endpointId: string, facts: EndpointFact[], before: EndpointState | undefined): Promise<EndpointState | undefined> {
    // Header values enter the log sealed, like signing secrets (issue 11).
    await this.log.append(
      endpointId,
      facts.map((fact) => sealFactHeaders(fact, this.masterKey)),
    );
    const after = await findEndpoint(this.db, endpointId);
    const last = facts[facts.length - 1];
    if (last === undefined || last.type === 'EndpointDeleted') return last === undefined ? before : after;
    if (after === undefined || after.version !== last.version || after.updatedAt !== last.at) {
      throw new DomainError('conflict', 'version_conflict', 'a concurrent change to this endpoint won; read it and try again', {
        currentVersion: after?.version ?? null,
      });
    }
    return after;
  }
}

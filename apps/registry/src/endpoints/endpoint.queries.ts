import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openSecret, parseMasterKey, type EndpointState } from '@hookline/domain';
import { listEndpoints, type EndpointPage } from '@hookline/persistence/queries';
import { pageLimit } from '../http/body-fields';
import type { Principal } from '../http/principal';
import { TenantAccess } from '../http/tenant-access';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

export interface EndpointListParams {
  readonly limit?: string;
  readonly cursor?: string;
  readonly projectId?: string;
}

/** Reads of the endpoint read models, always through TenantAccess: foreign ids answer 404. */
@Injectable()
export class EndpointQueries {
  private readonly masterKey: Buffer;

  constructor(
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    private readonly db: DataSource,
    private readonly access: TenantAccess,
  ) {
    this.masterKey = parseMasterKey(config.masterKey);
  }

  get(principal: Principal, endpointId: string): Promise<EndpointState> {
    return this.access.endpoint(principal, endpointId);
  }

  /** Account keys list their partner endpoints and every project's; `?projectId=` narrows to one visible project. */
  async list(principal: Principal, params: EndpointListParams): Promise<EndpointPage> {
    const limit = pageLimit(params.limit);
    const cursor = params.cursor === '' ? undefined : params.cursor;
    if (params.projectId !== undefined) await this.access.project(principal, params.projectId);
    const projectId = principal.kind === 'project' ? principal.projectId : params.projectId;
    const accountId = principal.kind === 'admin' ? undefined : principal.accountId;
    return listEndpoints(this.db, { accountId, projectId, limit, cursor });
  }

  /** The only route that returns a secret in the clear: the current one, which signs first. */
  async secret(principal: Principal, endpointId: string): Promise<{ key: string }> {
    const endpoint = await this.access.endpoint(principal, endpointId);
    return { key: openSecret(endpoint.secret, this.masterKey) };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, openSecret, parseMasterKey, type EndpointState } from '@hookline/domain';
import { findEndpoint, InvalidCursorError, listEndpointDeliveries } from '@hookline/persistence';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

/** Reads of the endpoint read models; unknown ids answer 404. */
@Injectable()
export class EndpointQueries {
  private readonly masterKey: Buffer;

  constructor(
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    private readonly db: DataSource,
  ) {
    this.masterKey = parseMasterKey(config.masterKey);
  }

  async get(endpointId: string): Promise<EndpointState> {
    const endpoint = await findEndpoint(this.db, endpointId);
    if (endpoint === undefined) throw new DomainError('not_found', 'endpoint_not_found', `no endpoint ${endpointId}`);
    return endpoint;
  }

  /** The only route that returns a secret in the clear. */
  async secret(endpointId: string): Promise<{ key: string }> {
    const endpoint = await this.get(endpointId);
    return { key: openSecret(endpoint.secret, this.masterKey) };
  }

  async messages(endpointId: string, options: { status?: string; limit?: string; cursor?: string }) {
    await this.get(endpointId);
    const limit = options.limit === undefined ? 50 : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
      throw new DomainError('validation', 'invalid_limit', 'limit must be a whole number from 1 to 250');
    }
    try {
      return await listEndpointDeliveries(this.db, { endpointId, status: options.status, limit, cursor: options.cursor });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new DomainError('validation', 'invalid_cursor', error.message);
      throw error;
    }
  }
}

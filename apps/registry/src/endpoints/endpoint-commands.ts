import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { topicNames } from '@hookline/contracts';
import { decideEndpoint, generateEndpointSecret, newId, parseMasterKey, sealSecret, type EndpointState } from '@hookline/domain';
import { FactProducer } from '@hookline/kafka';
import { findEndpoint } from '@hookline/persistence';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';
import type { CreateEndpointRequest } from './create-endpoint.request';
import { waitForProjection } from './projection-wait';

/** Runs endpoint commands: decide, append the facts, wait for the projection, read back. */
@Injectable()
export class EndpointCommands {
  private readonly registryTopic: string;
  private readonly masterKey: Buffer;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly db: DataSource,
    private readonly facts: FactProducer,
  ) {
    this.registryTopic = topicNames(config.topicPrefix).registry;
    this.masterKey = parseMasterKey(config.masterKey);
  }

  async create(request: CreateEndpointRequest, accountId: string | null): Promise<EndpointState> {
    const endpointId = newId('ep');
    const facts = decideEndpoint(
      {
        type: 'CreateEndpoint',
        endpointId,
        accountId,
        projectId: request.projectId,
        scope: request.scope,
        settings: request.settings,
        secret: sealSecret(generateEndpointSecret(), this.masterKey),
        policy: { allowHttp: this.config.allowHttp },
      },
      undefined,
      new Date(),
    );
    const position = await this.facts.append(this.registryTopic, endpointId, facts);
    await waitForProjection(this.db, position, this.config.readYourWritesTimeoutMs);
    const created = await findEndpoint(this.db, endpointId);
    if (created === undefined) throw new Error(`endpoint ${endpointId} was projected but cannot be read`);
    return created;
  }
}

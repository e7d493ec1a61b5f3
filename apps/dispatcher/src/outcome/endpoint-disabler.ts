import { Inject, Injectable, Logger } from '@nestjs/common';
import { topicNames } from '@hookline/contracts';
import { decideEndpoint } from '@hookline/domain';
import { FactProducer, RegistryTail } from '@hookline/kafka';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';

/**
 * Disables an endpoint the way a registry command would: `decideEndpoint`
 * decides EndpointDisabled (version = view version + 1) from the view, and it
 * is appended to `registry`. If a registry command appends the same version
 * first, the fold ignores the later fact everywhere (same key, same partition,
 * same order for every reader), so a lost race loses only our disable; the
 * next failure asks again. One request per endpoint version, so a burst of
 * 410s writes one fact.
 */
@Injectable()
export class EndpointDisabler {
  private readonly logger = new Logger(EndpointDisabler.name);
  private readonly requested = new Map<string, number>();
  private readonly registryTopic: string;

  constructor(
    private readonly registry: RegistryTail,
    private readonly facts: FactProducer,
    @Inject(DISPATCHER_CONFIG) config: DispatcherConfig,
  ) {
    this.registryTopic = topicNames(config.topicPrefix).registry;
  }

  async disable(endpointId: string, reason: string, now: Date): Promise<void> {
    const endpoint = this.registry.view.endpoint(endpointId);
    if (endpoint === undefined || this.requested.get(endpointId) === endpoint.version) return;
    // Nothing to decide for an endpoint already disabled (the decider answers no facts).
    const facts = decideEndpoint({ type: 'DisableEndpoint', endpointId, reason }, endpoint, now);
    if (facts.length === 0) return;
    this.requested.set(endpointId, endpoint.version);
    await this.facts.append(this.registryTopic, endpointId, facts);
    this.logger.warn(`endpoint ${endpointId} disabled: ${reason}`);
  }
}

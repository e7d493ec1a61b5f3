import { Logger } from '@nestjs/common';
import type { EndpointDisabled } from '@hookline/contracts';
import type { FactProducer, RegistryTail } from '@hookline/kafka';

/**
 * Appends EndpointDisabled to `registry` with the next version of the view.
 * If a registry command appends the same version first, the fold ignores the
 * later fact everywhere (same key, same partition, same order for every
 * reader), so a lost race loses only our disable; the next failure asks again.
 * One request per endpoint version, so a burst of 410s writes one fact.
 */
export class EndpointDisabler {
  private readonly logger = new Logger(EndpointDisabler.name);
  private readonly requested = new Map<string, number>();

  constructor(
    private readonly registry: RegistryTail,
    private readonly facts: FactProducer,
    private readonly registryTopic: string,
  ) {}

  async disable(endpointId: string, reason: string, now: Date): Promise<void> {
    const endpoint = this.registry.view.endpoint(endpointId);
    if (endpoint === undefined || endpoint.status === 'disabled') return;
    if (this.requested.get(endpointId) === endpoint.version) return;
    this.requested.set(endpointId, endpoint.version);
    const fact: EndpointDisabled = {
      type: 'EndpointDisabled',
      v: 1,
      endpointId,
      version: endpoint.version + 1,
      at: now.toISOString(),
      reason,
    };
    await this.facts.append(this.registryTopic, endpointId, [fact]);
    this.logger.warn(`endpoint ${endpointId} disabled: ${reason}`);
  }
}

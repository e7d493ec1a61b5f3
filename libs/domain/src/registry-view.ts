import type { RegistryFact } from '@hookline/contracts';
import { evolveEndpoint, type EndpointState } from './endpoint.state';

/**
 * The in-memory table ingest and dispatcher build by consuming `registry` from
 * the beginning. It is the same fold as the Postgres projection, kept in a Map
 * because it sits on the hot path.
 */
export class RegistryView {
  private readonly endpoints = new Map<string, EndpointState>();

  apply(fact: RegistryFact): void {
    const next = evolveEndpoint(this.endpoints.get(fact.endpointId), fact);
    if (next === undefined) this.endpoints.delete(fact.endpointId);
    else this.endpoints.set(fact.endpointId, next);
  }

  endpoint(endpointId: string): EndpointState | undefined {
    return this.endpoints.get(endpointId);
  }

  allEndpoints(): IterableIterator<EndpointState> {
    return this.endpoints.values();
  }

  get size(): number {
    return this.endpoints.size;
  }
}

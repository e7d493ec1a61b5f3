import type { DeliveryFact } from '@hookline/contracts';
import type { KeyedFact } from './synthetic-delivery-log';

export interface ExpectedHistory {
  readonly messages: number;
  readonly attempts: number;
  readonly deliveries: number;
  /** endpoint → [total, succeeded, failed] */
  readonly stats: Map<string, [number, number, number]>;
}

/**
 * What the read models must hold after projecting `facts`, computed the
 * simple way (sets over the whole log): first fact per key wins, nothing of
 * the deleted endpoint, nothing of a message accepted before `cutoff`.
 */
export function expectedHistory(facts: readonly KeyedFact<DeliveryFact>[], deletedEndpointId: string, cutoff: Date): ExpectedHistory {
  const kept = new Set<string>();
  const old = new Set<string>();
  for (const { fact } of facts) {
    if (fact.type !== 'MessageAccepted') continue;
    (new Date(fact.acceptedAt) < cutoff ? old : kept).add(fact.messageId);
  }
  const attempts = new Map<string, boolean>();
  const deliveries = new Set<string>();
  for (const { fact } of facts) {
    if (fact.type === 'MessageAccepted') {
      if (kept.has(fact.messageId)) fact.endpointIds.filter((e) => e !== deletedEndpointId).forEach((e) => deliveries.add(`${fact.messageId}/${e}`));
      continue;
    }
    if (fact.type === 'EndpointHealthChanged' || fact.endpointId === deletedEndpointId || old.has(fact.messageId)) continue;
    deliveries.add(`${fact.messageId}/${fact.endpointId}`);
    if (fact.type === 'MessageExhausted') continue;
    const key = `${fact.messageId}/${fact.endpointId}/${fact.attempt}`;
    if (!attempts.has(key)) attempts.set(key, fact.type === 'AttemptSucceeded');
  }
  const stats = new Map<string, [number, number, number]>();
  for (const [key, ok] of attempts) {
    const endpointId = key.split('/')[1] as string;
    const s = stats.get(endpointId) ?? [0, 0, 0];
    s[0] += 1;
    s[ok ? 1 : 2] += 1;
    stats.set(endpointId, s);
  }
  return { messages: kept.size, attempts: attempts.size, deliveries: deliveries.size, stats };
}

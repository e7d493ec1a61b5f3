import type { ConsumedRecord } from '@hookline/kafka';
import { REGISTRY_FACT_TYPES, type DeliveryFact, type RegistryFact } from '@hookline/contracts';
import type { QuarantineReason } from '@hookline/persistence/projection';

export type ProjectedFact = RegistryFact | DeliveryFact;

export type DecodedRecord<F extends ProjectedFact> =
  | { readonly kind: 'fact'; readonly message: ConsumedRecord; readonly fact: F }
  | { readonly kind: 'undecodable'; readonly message: ConsumedRecord; readonly reason: QuarantineReason; readonly error: string };

/** Every delivery fact type; the `satisfies` fails to compile when the union gains one. */
const DELIVERY_FACT_TYPES: ReadonlySet<string> = new Set(
  Object.keys({
    MessageAccepted: true,
    AttemptSucceeded: true,
    AttemptFailed: true,
    MessageExhausted: true,
    EndpointHealthChanged: true,
  } satisfies Record<DeliveryFact['type'], true>),
);

export const registryFacts = (message: ConsumedRecord) => decodeFact<RegistryFact>(message, REGISTRY_FACT_TYPES);
export const deliveryFacts = (message: ConsumedRecord) => decodeFact<DeliveryFact>(message, DELIVERY_FACT_TYPES);

/**
 * A record of our own topics is parsed without throwing: anything that is not
 * a JSON object with a known `type` is a decision (quarantine), not a crash —
 * the same log is replayed after every restart, so a throw here would stop the
 * partition for good. Deeper shape checks are left to Postgres (NOT NULL and
 * types refuse what is missing) and to the projections.
 */
function decodeFact<F extends ProjectedFact>(message: ConsumedRecord, knownTypes: ReadonlySet<string>): DecodedRecord<F> {
  if (message.value === null) return { kind: 'undecodable', message, reason: 'undecodable', error: 'empty record value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { kind: 'undecodable', message, reason: 'undecodable', error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'undecodable', message, reason: 'undecodable', error: 'not a JSON object' };
  }
  const type = 'type' in parsed ? parsed.type : undefined;
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    return { kind: 'undecodable', message, reason: 'unknown_fact_type', error: `unknown fact type ${JSON.stringify(type ?? null).slice(0, 100)}` };
  }
  return { kind: 'fact', message, fact: parsed as F };
}

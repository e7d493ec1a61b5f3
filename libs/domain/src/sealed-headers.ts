import type { EndpointFact, HeaderValue } from '@hookline/contracts';
import { openSecret, sealSecret } from './secret-box';

/**
 * Custom header values are sealed like signing secrets before they enter the
 * `registry` topic, and opened only by the dispatcher, to send. The decider
 * works on clear values (it validates and compares them); the registry seals
 * the facts it decided on their way to the log and opens the current values
 * before deciding, so a PATCH repeating them still decides nothing.
 */

export type ClearHeaders = Readonly<Record<string, string>>;
type HeaderMap = Readonly<Record<string, HeaderValue>>;

/** Every clear value sealed; values already sealed or withheld stay as they are. */
export function sealHeaders(headers: HeaderMap, masterKey: Buffer): HeaderMap {
  return mapValues(headers, (value) => (typeof value === 'string' ? { sealed: sealSecret(value, masterKey) } : value));
}

/** The fact as it may enter the log: the header values it sets, sealed. */
export function sealFactHeaders(fact: EndpointFact, masterKey: Buffer): EndpointFact {
  switch (fact.type) {
    case 'EndpointCreated':
      return { ...fact, headers: sealHeaders(fact.headers, masterKey) };
    case 'EndpointUpdated':
      return fact.changes.headers === undefined ? fact : { ...fact, changes: { ...fact.changes, headers: sealHeaders(fact.changes.headers, masterKey) } };
    default:
      return fact;
  }
}

/**
 * The values to put on the wire. Clear values come from facts older than
 * sealing. A withheld value exists only in the read model, which the
 * dispatcher never reads: meeting one is a bug, not a request to send.
 */
export function openHeaders(headers: HeaderMap, masterKey: Buffer): ClearHeaders {
  return mapValues(headers, (value, name) => {
    if (typeof value === 'string') return value;
    if ('sealed' in value) return openSecret(value.sealed, masterKey);
    throw new Error(`header ${name} is withheld; only a view folded from the facts can send it`);
  });
}

/** Sealed values opened for a decision (validation, no-op comparison); withheld values stay withheld. */
export function openHeadersForDecision(headers: HeaderMap, masterKey: Buffer): HeaderMap {
  return mapValues(headers, (value) => (typeof value !== 'string' && 'sealed' in value ? openSecret(value.sealed, masterKey) : value));
}

/** What the read model keeps: sealed values as they are, clear values (old facts) withheld. */
export function withholdClearHeaders(headers: HeaderMap): HeaderMap {
  return mapValues(headers, (value) => (typeof value === 'string' ? { withheld: true as const } : value));
}

function mapValues<T>(headers: HeaderMap, map: (value: HeaderValue, name: string) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, map(value, name)]));
}

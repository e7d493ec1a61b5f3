import { ENDPOINT_DELIVERY_DEFAULTS } from '@hookline/domain';
import type { AttemptFailed, AttemptSucceeded, DeliveryFact, EndpointCreated, EndpointDeleted, RegistryFact } from '@hookline/contracts';

export interface SyntheticLogOptions {
  readonly messages: number;
  readonly endpoints: number;
  /** Endpoints each message fans out to. */
  readonly fanOut: number;
  /** Deterministic: the same seed gives the same log. */
  readonly seed: number;
  /** Newest message time (ms); messages go back one second each. */
  readonly now: number;
  /** Every n-th message is older than this many ms (a retention candidate); 0: none. */
  readonly oldEvery?: number;
  readonly oldAgeMs?: number;
  /** Id prefix, so two logs in one database never share ids. */
  readonly idPrefix: string;
}

export interface KeyedFact<F> {
  readonly key: string;
  readonly fact: F;
}

export interface SyntheticLog {
  readonly registry: KeyedFact<RegistryFact>[];
  readonly deliveryLog: KeyedFact<DeliveryFact>[];
  readonly endpointIds: string[];
  /** Deleted by an EndpointDeleted fact: none of its history may stay. */
  readonly deletedEndpointId: string;
}

/**
 * A delivery log shaped like production: each message fans out to a few
 * endpoints; each delivery takes 1–3 attempts, some ending exhausted; 3 % of
 * attempt facts are repeated later (a job redelivered after a dispatcher
 * crash); one endpoint is deleted, and some of its facts come after that.
 */
export function syntheticLog(options: SyntheticLogOptions): SyntheticLog {
  let state = options.seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const endpointIds = Array.from({ length: options.endpoints }, (_, i) => `${options.idPrefix}ep_${i}`);
  const deletedEndpointId = endpointIds[endpointIds.length - 1] as string;
  const registry: KeyedFact<RegistryFact>[] = endpointIds.map((endpointId) => ({ key: endpointId, fact: endpointCreated(endpointId, options.now) }));
  const deleted: EndpointDeleted = { type: 'EndpointDeleted', v: 1, endpointId: deletedEndpointId, version: 2, at: new Date(options.now).toISOString() };
  registry.push({ key: deletedEndpointId, fact: deleted });

  const deliveryLog: KeyedFact<DeliveryFact>[] = [];
  const repeats: KeyedFact<DeliveryFact>[] = [];
  for (let i = 0; i < options.messages; i += 1) {
    const old = options.oldEvery !== undefined && options.oldEvery > 0 && i % options.oldEvery === 0;
    const acceptedAt = options.now - (options.messages - i) * 1000 - (old ? (options.oldAgeMs ?? 0) : 0);
    const messageId = `${options.idPrefix}msg_${i}`;
    const projectId = `${options.idPrefix}proj_${i % 7}`;
    const targets = new Set<string>();
    while (targets.size < Math.min(options.fanOut, endpointIds.length)) targets.add(endpointIds[Math.floor(random() * endpointIds.length)] as string);
    deliveryLog.push({
      key: projectId,
      fact: {
        type: 'MessageAccepted',
        v: 1,
        messageId,
        eventId: `evt_${i}`,
        eventType: i % 3 === 0 ? 'message.read' : 'message.delivered',
        projectId,
        data: { n: i, waId: `49151${String(i).padStart(7, '0')}` },
        createdAt: Math.floor(acceptedAt / 1000),
        acceptedAt: new Date(acceptedAt).toISOString(),
        endpointIds: [...targets],
        traceparent: null,
      },
    });
    for (const endpointId of targets) {
      const tries = 1 + Math.floor(random() * 3);
      const succeeds = random() < 0.85;
      for (let attempt = 1; attempt <= tries; attempt += 1) {
        const last = attempt === tries;
        const fact = attemptFact(messageId, endpointId, attempt, acceptedAt + attempt * 10_000, last && succeeds, !last);
        deliveryLog.push({ key: endpointId, fact });
        if (random() < 0.03) repeats.push({ key: endpointId, fact });
      }
      if (!succeeds) {
        deliveryLog.push({
          key: endpointId,
          fact: { type: 'MessageExhausted', v: 1, messageId, endpointId, attempts: tries, at: new Date(acceptedAt + tries * 10_000).toISOString() },
        });
      }
    }
    // Repeats land a little later in the log, as a redelivered job's would.
    if (i % 50 === 49) deliveryLog.push(...repeats.splice(0));
  }
  deliveryLog.push(...repeats);
  return { registry, deliveryLog, endpointIds, deletedEndpointId };
}

function attemptFact(messageId: string, endpointId: string, attempt: number, at: number, ok: boolean, retry: boolean): AttemptSucceeded | AttemptFailed {
  const base = {
    v: 1 as const,
    messageId,
    endpointId,
    attempt,
    at: new Date(at).toISOString(),
    durationMs: 20 + attempt,
    url: `https://example.test/${endpointId}`,
    requestHeaders: { 'content-type': 'application/json', 'webhook-id': messageId, 'webhook-signature': '[redacted]' },
    traceId: `${attempt}`.padStart(32, '0'),
  };
  if (ok) return { ...base, type: 'AttemptSucceeded', statusCode: 204, responseBodyPrefix: '' };
  return {
    ...base,
    type: 'AttemptFailed',
    statusCode: 503,
    responseBodyPrefix: 'unavailable',
    reason: 'http_status',
    error: 'HTTP 503',
    nextAttemptAt: retry ? new Date(at + 10_000).toISOString() : null,
  };
}

export function endpointCreated(endpointId: string, now: number): EndpointCreated {
  return {
    type: 'EndpointCreated',
    v: 1,
    endpointId,
    version: 1,
    at: new Date(now).toISOString(),
    accountId: null,
    projectId: 'proj_synthetic',
    scope: 'project',
    // Sealed secrets are opaque to the projection; nothing in these tests opens it.
    secret: 'sealed-placeholder',
    url: `https://example.test/${endpointId}`,
    description: 'synthetic',
    eventTypes: ['*'],
    ...ENDPOINT_DELIVERY_DEFAULTS,
    legacySignatureHeader: null,
  };
}

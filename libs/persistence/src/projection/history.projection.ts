import type { EntityManager } from 'typeorm';
import {
  assertNever,
  type AttemptFailed,
  type AttemptSucceeded,
  type DeliveryFact,
  type EndpointHealthChanged,
  type MessageAccepted,
  type MessageExhausted,
} from '@hookline/contracts';
import { projectAttempts } from './attempt.projection';
import { DELIVERY_STATUS_UPSERT } from './delivery-status.sql';
import { deletedEndpointsAmong, enterHistoryWrite } from './history-deletion';
import { compare, firstByKey } from './row-order';

type Attempt = AttemptSucceeded | AttemptFailed;

/**
 * Projects delivery-log facts into messages, message_deliveries, attempts and
 * endpoint_stats with one multi-row statement per table. Every statement is
 * idempotent (keys + ON CONFLICT), and facts of deleted endpoints are dropped
 * here, so the result does not depend on how facts were cut into batches or on
 * whether the registry or the delivery-log partition was projected first —
 * which is what makes a rebuild equal the live tables.
 */
export async function projectDeliveryFacts(db: EntityManager, facts: readonly DeliveryFact[]): Promise<void> {
  if (facts.length === 0) return;
  await enterHistoryWrite(db);
  const deleted = await deletedEndpointsAmong(db, endpointIdsOf(facts));
  const live = (endpointId: string) => !deleted.has(endpointId);
  const accepted: MessageAccepted[] = [];
  const attempts: Attempt[] = [];
  const exhausted: MessageExhausted[] = [];
  const health: EndpointHealthChanged[] = [];
  for (const fact of facts) {
    switch (fact.type) {
      case 'MessageAccepted':
        accepted.push(fact);
        break;
      case 'AttemptSucceeded':
      case 'AttemptFailed':
        if (live(fact.endpointId)) attempts.push(fact);
        break;
      case 'MessageExhausted':
        if (live(fact.endpointId)) exhausted.push(fact);
        break;
      case 'EndpointHealthChanged':
        if (live(fact.endpointId)) health.push(fact);
        break;
      default:
        return assertNever(fact);
    }
  }
  await insertMessages(db, accepted, live);
  await projectAttempts(db, attempts);
  await markExhausted(db, exhausted);
  await recordHealth(db, health);
}

function endpointIdsOf(facts: readonly DeliveryFact[]): string[] {
  const ids = new Set<string>();
  for (const fact of facts) {
    if (fact.type === 'MessageAccepted') fact.endpointIds.forEach((id) => ids.add(id));
    else ids.add(fact.endpointId);
  }
  return [...ids];
}

async function insertMessages(db: EntityManager, accepted: MessageAccepted[], live: (endpointId: string) => boolean): Promise<void> {
  if (accepted.length === 0) return;
  // First occurrence wins, as it would across two batches (ON CONFLICT DO NOTHING).
  const messages = [...firstByKey(accepted, (f) => f.messageId).values()].sort((a, b) => compare(a.messageId, b.messageId));
  await db.query(
    `INSERT INTO messages (id, project_id, event_id, event_type, payload, created_at, accepted_at, traceparent)
     SELECT id, project_id, event_id, event_type, payload::jsonb, to_timestamp(created_at), accepted_at::timestamptz, traceparent
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[])
       AS t(id, project_id, event_id, event_type, payload, created_at, accepted_at, traceparent)
     ON CONFLICT (id) DO NOTHING`,
    [
      messages.map((f) => f.messageId),
      messages.map((f) => f.projectId),
      messages.map((f) => f.eventId),
      messages.map((f) => f.eventType),
      messages.map((f) => JSON.stringify(f.data)),
      messages.map((f) => f.createdAt),
      messages.map((f) => f.acceptedAt),
      messages.map((f) => f.traceparent),
    ],
  );
  const pairs = messages
    .flatMap((f) => f.endpointIds.filter(live).map((endpointId) => [f.messageId, endpointId] as const))
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  if (pairs.length === 0) return;
  await db.query(
    `INSERT INTO message_deliveries (message_id, endpoint_id, status)
     SELECT message_id, endpoint_id, 'pending' FROM unnest($1::text[], $2::text[]) AS t(message_id, endpoint_id)
     ON CONFLICT DO NOTHING`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

async function markExhausted(db: EntityManager, exhausted: MessageExhausted[]): Promise<void> {
  if (exhausted.length === 0) return;
  // A statement may not update one row twice: a repeated fact (a redelivered job) is folded first.
  const rows = [...firstByKey(exhausted, (f) => `${f.messageId}\u0000${f.endpointId}`).values()].sort(
    (a, b) => compare(a.messageId, b.messageId) || compare(a.endpointId, b.endpointId),
  );
  await db.query(
    `INSERT INTO message_deliveries AS d (message_id, endpoint_id, status, attempts)
     SELECT message_id, endpoint_id, 'exhausted', attempts FROM unnest($1::text[], $2::text[], $3::int[]) AS t(message_id, endpoint_id, attempts)
     ON CONFLICT (message_id, endpoint_id) DO UPDATE SET ${DELIVERY_STATUS_UPSERT}`,
    [rows.map((f) => f.messageId), rows.map((f) => f.endpointId), rows.map((f) => f.attempts)],
  );
}

/** The latest verdict per endpoint (by its time; the earlier fact wins a tie, as across batches). */
async function recordHealth(db: EntityManager, changes: EndpointHealthChanged[]): Promise<void> {
  if (changes.length === 0) return;
  const latest = new Map<string, EndpointHealthChanged>();
  for (const c of changes) {
    const seen = latest.get(c.endpointId);
    if (seen === undefined || c.at > seen.at) latest.set(c.endpointId, c);
  }
  const rows = [...latest.values()].sort((a, b) => compare(a.endpointId, b.endpointId));
  await db.query(
    `INSERT INTO endpoint_health AS h (endpoint_id, health, reason, since)
     SELECT endpoint_id, health, reason, since::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       AS t(endpoint_id, health, reason, since)
     ON CONFLICT (endpoint_id) DO UPDATE SET health = EXCLUDED.health, reason = EXCLUDED.reason, since = EXCLUDED.since
     WHERE EXCLUDED.since > h.since`,
    [rows.map((r) => r.endpointId), rows.map((r) => r.health), rows.map((r) => r.reason), rows.map((r) => r.at)],
  );
}

import { metrics, type Counter } from '@opentelemetry/api';
import type { Admin, Consumer, Producer, RequestEvent } from 'kafkajs';

/** One Kafka client of any kind, as the request counter sees it. */
export type CountedClient =
  | { readonly kind: 'producer'; readonly client: Producer }
  | { readonly kind: 'consumer'; readonly client: Consumer }
  | { readonly kind: 'admin'; readonly client: Admin };

/**
 * Counts every request a client completes, by client id and API name
 * (`hookline_kafka_requests_total{client="hookline-ingest",api="Produce"}`),
 * from kafkajs's instrumentation events. The benchmark scrapes it before and
 * after each measured window to report Kafka requests per delivered event,
 * the main cost per event (BENCHMARKS.md).
 */
export function countKafkaRequests(counted: CountedClient, counter: Counter = kafkaRequests()): void {
  const record = (event: RequestEvent): void => {
    counter.add(1, { client: event.payload.clientId, api: event.payload.apiName });
    const key = tallyKey(event.payload.clientId, event.payload.apiName);
    tallies.set(key, (tallies.get(key) ?? 0) + 1);
  };
  // Each kind names its own REQUEST event; the switch keeps the overloads of `on` typed.
  switch (counted.kind) {
    case 'producer':
      counted.client.on(counted.client.events.REQUEST, record);
      return;
    case 'consumer':
      counted.client.on(counted.client.events.REQUEST, record);
      return;
    case 'admin':
      counted.client.on(counted.client.events.REQUEST, record);
      return;
    default: {
      const never: never = counted;
      throw new Error(`unknown Kafka client kind ${JSON.stringify(never)}`);
    }
  }
}

/** The same counts in process, for benchmarks and tests that compare before and after without an exporter. */
const tallies = new Map<string, number>();
const tallyKey = (clientId: string, api: string) => `${clientId}\u0000${api}`;

/** Requests of one API (e.g. 'FindCoordinator', 'ListOffsets', 'Produce', 'EndTxn') completed so far by clients with this id. */
export function kafkaRequestCount(clientId: string, api: string): number {
  return tallies.get(tallyKey(clientId, api)) ?? 0;
}

let counter: Counter | undefined;

/**
 * The counter, made on first use rather than at import: the global meter
 * provider is registered by startTelemetry() (each app's first import), and a
 * meter taken before it would be the no-op one for good.
 */
function kafkaRequests(): Counter {
  counter ??= metrics.getMeter('hookline-kafka').createCounter('hookline_kafka_requests', {
    description: 'Kafka requests completed, by client id and API (kafkajs instrumentation events)',
  });
  return counter;
}

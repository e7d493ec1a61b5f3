import type { Producer } from 'kafkajs';
import { Pool } from 'undici';
import { chunkBySize } from '@hookline/kafka';
import type { DueEvent, EventPublisher } from './load-generator';

/** To the input topic, acks=all; everything due together in requests under the broker's 1 MiB limit (50 KiB events add up). */
export function kafkaPublisher(producer: Producer, topic: string): EventPublisher {
  return {
    publish: (events) =>
      chunkBySize(events).map((chunk) => ({
        seqs: chunk.map((event) => event.seq),
        sent: producer.send({ topic, acks: -1, messages: chunk.map(({ key, value }) => ({ key, value })) }).then(() => undefined),
      })),
  };
}

/**
 * To ingest's `POST /v1/events`, one event per request as a client would
 * publish, over a keep-alive pool; published once ingest answers 202 (the
 * event is durably in Kafka). More requests than connections wait in the
 * pool's queue; their wait counts in latency, which is measured from the due time.
 */
export function httpPublisher(pool: Pool, apiKey: string): EventPublisher {
  const post = async (event: DueEvent): Promise<void> => {
    const response = await pool.request({
      path: '/v1/events',
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: event.value,
    });
    const text = await response.body.text();
    if (response.statusCode !== 202) throw new Error(`POST /v1/events answered ${response.statusCode}: ${text.slice(0, 200)}`);
  };
  return { publish: (events) => events.map((event) => ({ seqs: [event.seq], sent: post(event) })) };
}

/** Connections of the HTTP publisher's pool: enough for thousands of events/s at a few ms each. */
export const HTTP_CONNECTIONS = 128;

export function httpPool(url: string): Pool {
  return new Pool(url, { connections: HTTP_CONNECTIONS, keepAliveTimeout: 60_000 });
}

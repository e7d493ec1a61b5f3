import { EventEmitter } from 'node:events';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Admin, Consumer, Producer, RequestEvent } from 'kafkajs';
import { countKafkaRequests } from './kafka-request-metrics';

/** A reader we collect from by hand. */
class CollectingReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Stands in for a kafkajs client: the real ones emit REQUEST from inside their connections, which a unit test cannot reach. */
function fakeClient(requestEvent: string): { client: EventEmitter & { events: { REQUEST: string } }; request: (clientId: string, apiName: string) => void } {
  const client = Object.assign(new EventEmitter(), { events: { REQUEST: requestEvent } });
  const request = (clientId: string, apiName: string) => {
    const event = {
      id: '1',
      type: requestEvent,
      timestamp: 0,
      payload: {
        apiKey: 0,
        apiName,
        apiVersion: 0,
        broker: 'b',
        clientId,
        correlationId: 1,
        createdAt: 0,
        duration: 1,
        pendingDuration: 0,
        sentAt: 0,
        size: 10,
      },
    };
    client.emit(requestEvent, event satisfies RequestEvent);
  };
  return { client, request };
}

async function countsByLabels(reader: CollectingReader): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const counts: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== 'hookline_kafka_requests') continue;
      for (const point of metric.dataPoints) counts[`${String(point.attributes.client)}/${String(point.attributes.api)}`] = point.value as number;
    }
  }
  return counts;
}

describe('Kafka request counter', () => {
  it('counts each completed request of producers, consumers and admins by client id and API', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('test').createCounter('hookline_kafka_requests');
    const producer = fakeClient('producer.network.request');
    const consumer = fakeClient('consumer.network.request');
    const admin = fakeClient('admin.network.request');
    countKafkaRequests({ kind: 'producer', client: producer.client as unknown as Producer }, counter);
    countKafkaRequests({ kind: 'consumer', client: consumer.client as unknown as Consumer }, counter);
    countKafkaRequests({ kind: 'admin', client: admin.client as unknown as Admin }, counter);

    producer.request('hookline-ingest', 'Produce');
    producer.request('hookline-ingest', 'Produce');
    producer.request('hookline-ingest', 'EndTxn');
    consumer.request('hookline-ingest', 'Fetch');
    admin.request('hookline-registry', 'Metadata');

    expect(await countsByLabels(reader)).toEqual({
      'hookline-ingest/Produce': 2,
      'hookline-ingest/EndTxn': 1,
      'hookline-ingest/Fetch': 1,
      'hookline-registry/Metadata': 1,
    });
    await provider.shutdown();
  });

  it('listens to nothing but REQUEST events', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    const producer = fakeClient('producer.network.request');
    countKafkaRequests(
      { kind: 'producer', client: producer.client as unknown as Producer },
      provider.getMeter('test').createCounter('hookline_kafka_requests'),
    );
    producer.client.emit('producer.network.request_timeout', { payload: { clientId: 'x', apiName: 'Produce' } });
    expect(await countsByLabels(reader)).toEqual({});
    await provider.shutdown();
  });
});

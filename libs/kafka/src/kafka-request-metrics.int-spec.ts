import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { createKafka, kafkajsOf } from './kafka-client';

class CollectingReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

describe('createKafka counts requests against the real broker', () => {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });

  beforeAll(() => {
    // Before the first createKafka: the counter is made from the global provider on first use.
    metrics.setGlobalMeterProvider(provider);
  });

  afterAll(async () => {
    await provider.shutdown();
    metrics.disable();
  });

  it('exports each client request by client id and API name', async () => {
    const clientId = `count-test-${Date.now()}`;
    const admin = kafkajsOf(createKafka({ brokers, clientId })).admin();
    await admin.connect();
    try {
      await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
    const { resourceMetrics } = await reader.collect();
    const apis = new Map<string, number>();
    for (const metric of resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)) {
      if (metric.descriptor.name !== 'hookline_kafka_requests') continue;
      for (const point of metric.dataPoints) {
        if (point.attributes.client === clientId) apis.set(String(point.attributes.api), Number(point.value));
      }
    }
    // Connecting asks the broker its API versions; listTopics is a Metadata request.
    expect(apis.get('ApiVersions')).toBeGreaterThanOrEqual(1);
    expect(apis.get('Metadata')).toBeGreaterThanOrEqual(1);
  });
});

import type { DataSource } from 'typeorm';
import { topicNames } from '@hookline/contracts';
import { KafkaSubscriptions } from '@hookline/kafka';
import { Readiness } from '@hookline/telemetry';
import type { ProjectorConfig } from '../projector.config';
import { PROJECTION_PATTERN, ProjectionConsumer, REGISTRY_PROJECTION_PATTERN } from './projection.consumer';

describe('the projector subscriptions', () => {
  const config = {
    kafkaBrokers: ['127.0.0.1:9'],
    topicPrefix: 'p.',
    historyFetchWaitMs: 100,
  } as ProjectorConfig;
  const subscriptions = new KafkaSubscriptions();
  new ProjectionConsumer(config, {} as DataSource, new Readiness(), subscriptions);
  const topics = topicNames('p.');

  it('reads the history in batches that wait to fill: nobody waits on it (issue 14)', () => {
    const history = subscriptions.get(PROJECTION_PATTERN)?.spec;
    expect(history).toMatchObject({ groupId: 'p.projector', topics: [topics.deliveryLog], maxWaitTimeInMs: 100 });
    expect(history?.minBytes).toBeGreaterThanOrEqual(64 * 1024);
  });

  it('reads the registry as soon as a fact exists: every registry write waits for its projection', () => {
    const registry = subscriptions.get(REGISTRY_PROJECTION_PATTERN)?.spec;
    expect(registry).toMatchObject({ groupId: 'p.projector-registry', topics: [topics.registry] });
    expect(registry?.minBytes ?? 1).toBe(1);
  });

  it('resumes both from the Postgres checkpoints', () => {
    expect(subscriptions.get(PROJECTION_PATTERN)?.spec.resumeFrom).toBeDefined();
    expect(subscriptions.get(REGISTRY_PROJECTION_PATTERN)?.spec.resumeFrom).toBeDefined();
  });
});

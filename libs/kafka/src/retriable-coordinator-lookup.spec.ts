import { KafkaJSError, KafkaJSGroupCoordinatorNotFound, KafkaJSProtocolError } from 'kafkajs';
import { retryCoordinatorLookups, retriableWhenNoBrokerAnswered, type CoordinatorMetadataLookup } from './retriable-coordinator-lookup';

/** kafkajs' own Cluster class; its lookup is run here against a broker pool in which no broker answers. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no types for its internals
const Cluster = require('kafkajs/src/cluster') as { prototype: CoordinatorMetadataLookup };

function clusterWhereNoBrokerAnswers(): CoordinatorMetadataLookup {
  const cluster = Object.create(Cluster.prototype) as CoordinatorMetadataLookup & Record<string, unknown>;
  // BrokerPool.withBroker tries each broker, swallows what each throws, and resolves null when none answered.
  cluster.brokerPool = { withBroker: async () => null };
  return cluster;
}

describe('retriableWhenNoBrokerAnswered', () => {
  it("makes kafkajs's non-retriable 'coordinator not found' retriable, keeping its name", () => {
    // kafkajs' types declare no constructor arguments; its cluster passes the message (src/cluster/index.js).
    const original = new (KafkaJSGroupCoordinatorNotFound as unknown as new (message: string) => KafkaJSGroupCoordinatorNotFound)(
      'Failed to find group coordinator',
    );
    expect(original.retriable).toBe(false);
    const converted = retriableWhenNoBrokerAnswered(original) as KafkaJSError;
    expect(converted).toBeInstanceOf(KafkaJSError);
    expect(converted.retriable).toBe(true);
    expect(converted.name).toBe('KafkaJSGroupCoordinatorNotFound');
    expect(converted.message).toBe('Failed to find group coordinator: no known broker answered the lookup');
    // kafkajs restarts a crashed consumer when the innermost cause is retriable (src/consumer/index.js, onCrash).
    expect(converted.cause).toBeUndefined();
  });

  it('leaves every other error as it is', () => {
    const protocol = new KafkaJSProtocolError('GROUP_AUTHORIZATION_FAILED');
    const plain = new Error('boom');
    expect(retriableWhenNoBrokerAnswered(protocol)).toBe(protocol);
    expect(retriableWhenNoBrokerAnswered(plain)).toBe(plain);
    expect(retriableWhenNoBrokerAnswered('text')).toBe('text');
  });
});

describe('retryCoordinatorLookups', () => {
  it("turns kafkajs's own lookup failure, when no broker answers, into a retriable one", async () => {
    const unwrapped = clusterWhereNoBrokerAnswers();
    await expect(unwrapped.findGroupCoordinatorMetadata({ groupId: 'g' })).rejects.toMatchObject({ name: 'KafkaJSGroupCoordinatorNotFound', retriable: false });

    const wrapped = clusterWhereNoBrokerAnswers();
    retryCoordinatorLookups(wrapped);
    await expect(wrapped.findGroupCoordinatorMetadata({ groupId: 'g' })).rejects.toMatchObject({ name: 'KafkaJSGroupCoordinatorNotFound', retriable: true });
  });

  it('passes a found coordinator and any other failure through', async () => {
    const found = { coordinator: { nodeId: 1 } };
    const failure = new KafkaJSProtocolError('GROUP_AUTHORIZATION_FAILED');
    let answer: () => Promise<object> = async () => found;
    const cluster: CoordinatorMetadataLookup = { findGroupCoordinatorMetadata: () => answer() };
    retryCoordinatorLookups(cluster);
    await expect(cluster.findGroupCoordinatorMetadata({ groupId: 'g' })).resolves.toBe(found);
    answer = async () => {
      throw failure;
    };
    await expect(cluster.findGroupCoordinatorMetadata({ groupId: 'g' })).rejects.toBe(failure);
  });
});

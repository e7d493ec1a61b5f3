import { Kafka, logLevel, type Admin, type AdminConfig, type Consumer, type ConsumerConfig, type LogEntry, type Producer, type ProducerConfig } from 'kafkajs';
import { cacheCoordinators, type CoordinatorLookup } from './coordinator-cache';
import { countKafkaRequests } from './kafka-request-metrics';
import { isExpectedTransactionRetry, isHandledRetryLimitWarning } from './expected-kafkajs-errors';
import { stopIdleRequestQueueTimers } from './request-queue-idle-timer';
import { retryCoordinatorLookups, type CoordinatorMetadataLookup } from './retriable-coordinator-lookup';

// We use kafkajs 2's default (Java-compatible murmur2) partitioner everywhere; its v1→v2 notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
// Every client of the process: an idle connection no longer wakes the event loop every millisecond.
stopIdleRequestQueueTimers();

export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

declare const kafkaClientBrand: unique symbol;

/**
 * The handle every port of this library is built from (consumers, writers,
 * the transactional unit, the admin port). Opaque on purpose: nothing outside
 * libs/kafka sees kafkajs.
 */
export interface KafkaClient extends KafkaConnection {
  readonly [kafkaClientBrand]: true;
}

/** The slice of a kafkajs Cluster the ports reach past the public API for (admin-port.ts, coordinator-cache.ts). */
export interface KafkajsCluster extends CoordinatorLookup {
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findTopicPartitionMetadata(topic: string): Array<{ partitionId: number; leader: number }>;
  fetchTopicsOffset(
    topics: Array<{ topic: string; fromBeginning: boolean; partitions: Array<{ partition: number }> }>,
  ): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
}

/** kafkajs logs through our JSON lines; only warnings and errors, it is chatty below that. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    if (isExpectedTransactionRetry(log) || isHandledRetryLimitWarning(log)) return;
    const { message, ...rest } = log;
    const line = { time: new Date().toISOString(), level: level === logLevel.ERROR ? 'error' : 'warn', service: 'kafkajs', msg: message, ...rest };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
}

type ClusterFactory = (options: object) => KafkajsCluster;

/**
 * kafkajs builds one Cluster per client through this private factory; the
 * ports need the admin's (one ListOffsets for end offsets) and the producers'
 * (a coordinator cache). Looked up by its symbol's description, and checked at
 * construction so a kafkajs upgrade that moves it fails at once, not later.
 */
function clusterFactorySymbol(kafka: Kafka): symbol {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (symbol === undefined) throw new Error('kafkajs no longer has its private cluster factory; libs/kafka/src/kafka-client.ts needs updating');
  return symbol;
}

const clusters = new WeakMap<object, KafkajsCluster>();

/**
 * A Kafka whose every producer, consumer and admin client counts its requests
 * (kafka-request-metrics.ts), so each app exports them at /metrics without
 * wiring of its own; whose producers keep their coordinators; whose consumers
 * outlive a coordinator lookup that no broker answered; and which
 * remembers each admin's and producer's cluster.
 */
class CountedKafka extends Kafka {
  private readonly createCluster: symbol;

  constructor(
    config: ConstructorParameters<typeof Kafka>[0],
    readonly connection: KafkaConnection,
  ) {
    super(config);
    this.createCluster = clusterFactorySymbol(this);
  }

  get brokers(): readonly string[] {
    return this.connection.brokers;
  }

  get clientId(): string {
    return this.connection.clientId;
  }

  override producer(config?: ProducerConfig): Producer {
    let cluster: KafkajsCluster | undefined;
    const client = this.withCluster(
      (created) => {
        cacheCoordinators(created);
        cluster = created;
      },
      () => super.producer(config),
    );
    if (cluster !== undefined) clusters.set(client, cluster);
    countKafkaRequests({ kind: 'producer', client });
    return client;
  }

  override consumer(config: ConsumerConfig): Consumer {
    // A broker outage met first by the coordinator lookup must not end the consumer for good (retriable-coordinator-lookup.ts).
    const client = this.withCluster(
      (created) => retryCoordinatorLookups(created as unknown as CoordinatorMetadataLookup),
      () => super.consumer(config),
    );
    countKafkaRequests({ kind: 'consumer', client });
    return client;
  }

  override admin(config?: AdminConfig): Admin {
    let cluster: KafkajsCluster | undefined;
    const client = this.withCluster(
      (created) => {
        cluster = created;
      },
      () => super.admin(config),
    );
    if (cluster !== undefined) clusters.set(client, cluster);
    countKafkaRequests({ kind: 'admin', client });
    return client;
  }

  /** Runs `create` (which builds its cluster synchronously) with `seen` told of that cluster. */
  private withCluster<T>(seen: (cluster: KafkajsCluster) => void, create: () => T): T {
    const self = this as unknown as Record<symbol, ClusterFactory>;
    const original = self[this.createCluster] as ClusterFactory;
    self[this.createCluster] = (options) => {
      const cluster = original(options);
      seen(cluster);
      return cluster;
    };
    try {
      return create();
    } finally {
      self[this.createCluster] = original;
    }
  }
}

export function createKafka({ brokers, clientId, quiet = false }: KafkaConnection & { quiet?: boolean }): KafkaClient {
  const kafka = new CountedKafka(
    {
      clientId,
      brokers: [...brokers],
      // quiet: for clients whose every error reaches the caller as an exception anyway (provisioning polls
      // metadata while KRaft propagates new topics, and kafkajs would log each expected miss as an error).
      logLevel: quiet ? logLevel.NOTHING : logLevel.WARN,
      logCreator,
      retry: { initialRetryTime: 200, retries: 10 },
    },
    { brokers: [...brokers], clientId },
  );
  return kafka as unknown as KafkaClient;
}

/** Inside libs/kafka only (not exported from index.ts): the kafkajs client behind a handle. */
export function kafkajsOf(client: KafkaClient | Kafka): Kafka {
  if (!(client instanceof Kafka)) throw new Error('a Kafka client made by createKafka is needed (libs/kafka)');
  return client;
}

/** Inside libs/kafka only: the cluster of an admin or producer made through createKafka. */
export function clusterOf(client: Admin | Producer): KafkajsCluster {
  const cluster = clusters.get(client);
  if (cluster === undefined) throw new Error('this kafkajs client was not made through createKafka');
  return cluster;
}

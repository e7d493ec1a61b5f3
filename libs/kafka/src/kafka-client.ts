import { Kafka, logLevel, type Admin, type AdminConfig, type Consumer, type ConsumerConfig, type LogEntry, type Producer, type ProducerConfig } from 'kafkajs';
import { countKafkaRequests } from './kafka-request-metrics';

// We use kafkajs 2's default (Java-compatible murmur2) partitioner everywhere; its v1→v2 notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/** kafkajs logs through our JSON lines; only warnings and errors, it is chatty below that. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...rest } = log;
    const line = { time: new Date().toISOString(), level: level === logLevel.ERROR ? 'error' : 'warn', service: 'kafkajs', msg: message, ...rest };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
}

/**
 * A Kafka whose every producer, consumer and admin client counts its requests
 * (kafka-request-metrics.ts), so each app exports them at /metrics without
 * wiring of its own.
 */
class CountedKafka extends Kafka {
  override producer(config?: ProducerConfig): Producer {
    const client = super.producer(config);
    countKafkaRequests({ kind: 'producer', client });
    return client;
  }

  override consumer(config: ConsumerConfig): Consumer {
    const client = super.consumer(config);
    countKafkaRequests({ kind: 'consumer', client });
    return client;
  }

  override admin(config?: AdminConfig): Admin {
    const client = super.admin(config);
    countKafkaRequests({ kind: 'admin', client });
    return client;
  }
}

export function createKafka({ brokers, clientId, quiet = false }: KafkaConnection & { quiet?: boolean }): Kafka {
  return new CountedKafka({
    clientId,
    brokers: [...brokers],
    // quiet: for clients whose every error reaches the caller as an exception anyway (provisioning polls
    // metadata while KRaft propagates new topics, and kafkajs would log each expected miss as an error).
    logLevel: quiet ? logLevel.NOTHING : logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 10 },
  });
}

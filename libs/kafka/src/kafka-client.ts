import { Kafka, logLevel, type LogEntry } from 'kafkajs';

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

export function createKafka({ brokers, clientId, quiet = false }: KafkaConnection & { quiet?: boolean }): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    // quiet: for clients whose every error reaches the caller as an exception anyway (provisioning polls
    // metadata while KRaft propagates new topics, and kafkajs would log each expected miss as an error).
    logLevel: quiet ? logLevel.NOTHING : logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 10 },
  });
}

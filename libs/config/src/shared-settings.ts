import { DEFAULT_TOPIC_PREFIX } from '@hookline/contracts';
import { envBool, envInt, envList, envString } from './env-readers';

/** Settings several apps share; each app's config spec spreads the ones it needs. */
export const kafkaSettings = {
  kafkaBrokers: envList('KAFKA_BROKERS', ['127.0.0.1:9092']),
  topicPrefix: envString('HOOKLINE_TOPIC_PREFIX', DEFAULT_TOPIC_PREFIX),
};

export const databaseSettings = {
  databaseUrl: envString('DATABASE_URL'),
};

export const httpSettings = (defaultPort: number) => ({
  port: envInt('PORT', defaultPort, { min: 0, max: 65535 }),
  host: envString('HOST', '0.0.0.0'),
});

export const networkPolicySettings = {
  /** Plain http endpoint URLs; local development and tests allow it. */
  allowHttp: envBool('HOOKLINE_ALLOW_HTTP', false),
  /** Outbound requests to loopback/private/link-local addresses. */
  allowPrivateNetworks: envBool('HOOKLINE_ALLOW_PRIVATE_NETWORKS', false),
};

export const masterKeySettings = {
  masterKey: envString('HOOKLINE_MASTER_KEY'),
};

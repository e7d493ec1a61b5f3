import { DEFAULT_RETRY_SCHEDULE, DEFAULT_TOPIC_PREFIX } from '@hookline/contracts';
import { envBool, envDurationList, envInt, envList, envString } from './env-readers';

/** Settings several apps share; each app's config spec spreads the ones it needs. */
export const kafkaSettings = {
  kafkaBrokers: envList('KAFKA_BROKERS', ['127.0.0.1:9092']),
  topicPrefix: envString('HOOKLINE_TOPIC_PREFIX', DEFAULT_TOPIC_PREFIX),
};

export const databaseSettings = {
  databaseUrl: envString('DATABASE_URL'),
};

/**
 * Where a service listens. Loopback unless told otherwise, so a laptop running
 * `npm start` exposes nothing to its network; the container image and the Helm
 * chart set HOOKLINE_BIND_ADDRESS=0.0.0.0, since a pod must answer its probes and Service.
 */
export const bindSettings = {
  host: envString('HOOKLINE_BIND_ADDRESS', '127.0.0.1'),
};

export const httpSettings = (defaultPort: number) => ({
  port: envInt('PORT', defaultPort, { min: 0, max: 65535 }),
  ...bindSettings,
});

export const networkPolicySettings = {
  /** Plain http endpoint URLs; local development and tests allow it. */
  allowHttp: envBool('HOOKLINE_ALLOW_HTTP', false),
  /** Outbound requests to loopback/private/link-local addresses. */
  allowPrivateNetworks: envBool('HOOKLINE_ALLOW_PRIVATE_NETWORKS', false),
  /** CIDRs outbound requests may reach even though they are private (HOOKLINE_OUTBOUND_ALLOWLIST). */
  outboundAllowlist: envList('HOOKLINE_OUTBOUND_ALLOWLIST', []),
};

export const masterKeySettings = {
  masterKey: envString('HOOKLINE_MASTER_KEY'),
};

/**
 * The deployment-wide retry delays (HOOKLINE_RETRY_SCHEDULE): the dispatcher
 * schedules by them, the registry numbers resends after them and provisioning
 * makes their tier topics, so all three read them through this one setting.
 */
export const retryScheduleSettings = {
  retrySchedule: envDurationList('HOOKLINE_RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE),
};

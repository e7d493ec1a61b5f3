import {
  envDuration,
  httpSettings,
  envInt,
  kafkaSettings,
  masterKeySettings,
  networkPolicySettings,
  retryScheduleSettings,
  type ConfigSpec,
} from '@hookline/config';

export interface DispatcherConfig {
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  readonly port: number;
  readonly host: string;
  readonly masterKey: string;
  readonly allowHttp: boolean;
  readonly allowPrivateNetworks: boolean;
  /** CIDRs outbound requests may reach even though they are private (HOOKLINE_OUTBOUND_ALLOWLIST). */
  readonly outboundAllowlist: string[];
  readonly responseBodyLimitBytes: number;
  /** The deployment's retry schedule; an endpoint's own `retrySchedule` overrides it. */
  readonly retrySchedule: number[];
  /** An endpoint with no success for this long is disabled. */
  readonly disableAfterMs: number;
  /** Requests in flight per endpoint (fifo endpoints always have one). */
  readonly endpointConcurrency: number;
  /** Jobs held in memory per endpoint; more are parked in a retry tier and come back later. */
  readonly endpointQueueLimit: number;
  /**
   * A full lane that can work off its jobs within this is waited for (its partition pauses until a slot
   * frees); a slower one parks its overflow. Parking cannot bring a job back sooner than the park tier.
   */
  readonly laneWaitBudgetMs: number;
  /** The longest partitions wait for one lane in a stretch (it not draining to half); then it parks its overflow. */
  readonly laneHoldLimitMs: number;
  /** Unfinished jobs per partition before the partition pauses (memory bound). */
  readonly partitionPendingLimit: number;
  /**
   * Connections per origin (keep-alive pool). Each endpoint is already held to
   * its own concurrency; this only bounds the sockets to one host, so it must
   * not be smaller than the endpoints behind one host need together (it was
   * 32: 100 endpoints at one SaaS host shared 32 requests in flight).
   */
  readonly connectionsPerOrigin: number;
  /** How long SIGTERM waits for attempts in flight. */
  readonly drainTimeoutMs: number;
}

export const dispatcherConfigSpec: ConfigSpec<DispatcherConfig> = {
  ...kafkaSettings,
  ...masterKeySettings,
  ...networkPolicySettings,
  ...httpSettings(8082),
  responseBodyLimitBytes: envInt('HOOKLINE_RESPONSE_BODY_LIMIT', 64 * 1024, { min: 0, max: 1024 * 1024 }),
  ...retryScheduleSettings,
  disableAfterMs: envDuration('HOOKLINE_DISABLE_AFTER', '5d'),
  endpointConcurrency: envInt('HOOKLINE_ENDPOINT_CONCURRENCY', 10, { min: 1, max: 1000 }),
  endpointQueueLimit: envInt('HOOKLINE_ENDPOINT_QUEUE_LIMIT', 500, { min: 1, max: 100_000 }),
  laneWaitBudgetMs: envDuration('HOOKLINE_LANE_WAIT_BUDGET', '10s'),
  laneHoldLimitMs: envDuration('HOOKLINE_LANE_HOLD_LIMIT', '60s'),
  partitionPendingLimit: envInt('HOOKLINE_PARTITION_PENDING_LIMIT', 5000, { min: 10, max: 1_000_000 }),
  connectionsPerOrigin: envInt('HOOKLINE_CONNECTIONS_PER_ORIGIN', 256, { min: 1, max: 4096 }),
  drainTimeoutMs: envDuration('HOOKLINE_DRAIN_TIMEOUT', '20s'),
};

export const DISPATCHER_CONFIG = Symbol('DispatcherConfig');

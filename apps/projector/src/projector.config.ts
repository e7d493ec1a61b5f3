import { databaseSettings, envDuration, envInt, httpSettings, kafkaSettings, type ConfigSpec } from '@hookline/config';

export interface ProjectorConfig {
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  readonly databaseUrl: string;
  readonly port: number;
  readonly host: string;
  /** Message history older than this is pruned from the read models (HOOKLINE_HISTORY_RETENTION, default 30d). */
  readonly historyRetentionMs: number;
  /** How often a prune pass runs. */
  readonly pruneIntervalMs: number;
  /** Messages (and orphan attempts) deleted per prune transaction. */
  readonly pruneBatchSize: number;
  /** How often lag is polled from Kafka and the checkpoints. */
  readonly lagPollIntervalMs: number;
  /**
   * How long a delivery-log fetch may wait to fill (HOOKLINE_PROJECTOR_HISTORY_FETCH_WAIT, default 100ms):
   * history is read in fewer, larger batches, each one fetch, one commit and one Postgres transaction.
   */
  readonly historyFetchWaitMs: number;
}

export const projectorConfigSpec: ConfigSpec<ProjectorConfig> = {
  ...kafkaSettings,
  ...databaseSettings,
  ...httpSettings(8083),
  historyRetentionMs: envDuration('HOOKLINE_HISTORY_RETENTION', '30d'),
  pruneIntervalMs: envDuration('HOOKLINE_HISTORY_PRUNE_INTERVAL', '5m'),
  pruneBatchSize: envInt('HOOKLINE_HISTORY_PRUNE_BATCH', 1000, { min: 1, max: 100_000 }),
  lagPollIntervalMs: envDuration('HOOKLINE_PROJECTOR_LAG_POLL_INTERVAL', '5s'),
  historyFetchWaitMs: envDuration('HOOKLINE_PROJECTOR_HISTORY_FETCH_WAIT', '100ms'),
};

export const PROJECTOR_CONFIG = Symbol('ProjectorConfig');

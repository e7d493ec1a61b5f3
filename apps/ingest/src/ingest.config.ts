import { databaseSettings, envDuration, envInt, httpSettings, kafkaSettings, type ConfigSpec } from '@hookline/config';

export interface IngestConfig {
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  readonly databaseUrl: string;
  readonly port: number;
  readonly host: string;
  readonly maxEventBytes: number;
  /** An event with the same (projectId, id) within this window is the same message. */
  readonly dedupeWindowMs: number;
  /** Input partitions processed at once; their batches commit together. */
  readonly partitionsConcurrently: number;
}

export const ingestConfigSpec: ConfigSpec<IngestConfig> = {
  ...kafkaSettings,
  ...databaseSettings,
  ...httpSettings(8081),
  maxEventBytes: envInt('HOOKLINE_MAX_EVENT_BYTES', 256 * 1024, { min: 1024, max: 16 * 1024 * 1024 }),
  dedupeWindowMs: envDuration('HOOKLINE_DEDUPE_WINDOW', '24h'),
  partitionsConcurrently: envInt('HOOKLINE_INGEST_CONCURRENCY', 6, { min: 1, max: 64 }),
};

export const INGEST_CONFIG = Symbol('IngestConfig');

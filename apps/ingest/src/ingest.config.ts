import { envInt, kafkaSettings, type ConfigSpec } from '@hookline/config';

export interface IngestConfig {
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  readonly port: number;
  readonly maxEventBytes: number;
}

export const ingestConfigSpec: ConfigSpec<IngestConfig> = {
  ...kafkaSettings,
  port: envInt('PORT', 8081, { min: 0, max: 65535 }),
  maxEventBytes: envInt('HOOKLINE_MAX_EVENT_BYTES', 256 * 1024, { min: 1024, max: 16 * 1024 * 1024 }),
};

export const INGEST_CONFIG = Symbol('IngestConfig');

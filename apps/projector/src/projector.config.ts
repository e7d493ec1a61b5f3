import { databaseSettings, envInt, kafkaSettings, type ConfigSpec } from '@hookline/config';

export interface ProjectorConfig {
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  readonly databaseUrl: string;
  readonly port: number;
}

export const projectorConfigSpec: ConfigSpec<ProjectorConfig> = {
  ...kafkaSettings,
  ...databaseSettings,
  port: envInt('PORT', 8083, { min: 0, max: 65535 }),
};

export const PROJECTOR_CONFIG = Symbol('ProjectorConfig');

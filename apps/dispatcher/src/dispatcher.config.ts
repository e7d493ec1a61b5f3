import { envInt, kafkaSettings, masterKeySettings, networkPolicySettings, type ConfigSpec } from '@hookline/config';

export interface DispatcherConfig {
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  readonly port: number;
  readonly masterKey: string;
  readonly allowHttp: boolean;
  readonly allowPrivateNetworks: boolean;
  readonly responseBodyLimitBytes: number;
}

export const dispatcherConfigSpec: ConfigSpec<DispatcherConfig> = {
  ...kafkaSettings,
  ...masterKeySettings,
  ...networkPolicySettings,
  port: envInt('PORT', 8082, { min: 0, max: 65535 }),
  responseBodyLimitBytes: envInt('HOOKLINE_RESPONSE_BODY_LIMIT', 64 * 1024, { min: 0, max: 1024 * 1024 }),
};

export const DISPATCHER_CONFIG = Symbol('DispatcherConfig');

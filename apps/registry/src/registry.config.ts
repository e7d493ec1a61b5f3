import {
  databaseSettings,
  envDuration,
  envString,
  httpSettings,
  kafkaSettings,
  masterKeySettings,
  networkPolicySettings,
  type ConfigSpec,
} from '@hookline/config';

export interface RegistryConfig {
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  readonly databaseUrl: string;
  readonly port: number;
  readonly host: string;
  readonly masterKey: string;
  readonly adminToken: string;
  readonly allowHttp: boolean;
  readonly allowPrivateNetworks: boolean;
  readonly outboundAllowlist: string[];
  /** How long a write waits for the projection to pass it before answering. */
  readonly readYourWritesTimeoutMs: number;
}

export const registryConfigSpec: ConfigSpec<RegistryConfig> = {
  ...kafkaSettings,
  ...databaseSettings,
  ...httpSettings(8080),
  ...masterKeySettings,
  ...networkPolicySettings,
  adminToken: envString('HOOKLINE_ADMIN_TOKEN'),
  readYourWritesTimeoutMs: envDuration('HOOKLINE_READ_YOUR_WRITES_TIMEOUT', '10s'),
};

export const REGISTRY_CONFIG = Symbol('RegistryConfig');

import {
  databaseSettings,
  envDuration,
  envOptionalString,
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
  /** How long a write waits for the projection to pass it before answering. */
  readonly readYourWritesTimeoutMs: number;
  /** Base of the console links `POST /v1/portal/sessions` answers; null: the request's own origin. */
  readonly publicUrl: string | null;
  /** CSP `frame-ancestors` sources allowed to embed /console/ (space-separated), e.g. `'self' https://app.example.com`. */
  readonly consoleFrameAncestors: string;
}

export const registryConfigSpec: ConfigSpec<RegistryConfig> = {
  ...kafkaSettings,
  ...databaseSettings,
  ...httpSettings(8080),
  ...masterKeySettings,
  ...networkPolicySettings,
  adminToken: envString('HOOKLINE_ADMIN_TOKEN'),
  readYourWritesTimeoutMs: envDuration('HOOKLINE_READ_YOUR_WRITES_TIMEOUT', '10s'),
  publicUrl: envOptionalString('HOOKLINE_PUBLIC_URL'),
  consoleFrameAncestors: envString('HOOKLINE_CONSOLE_FRAME_ANCESTORS', "'self'"),
};

export const REGISTRY_CONFIG = Symbol('RegistryConfig');

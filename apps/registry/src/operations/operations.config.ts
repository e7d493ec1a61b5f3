import { envDuration, envInt, kafkaSettings, retryScheduleSettings, type ConfigSpec } from '@hookline/config';

/**
 * What the operations routes need beyond the registry's own config. The
 * retry schedule and the history retention belong to the dispatcher and the
 * projector; the registry reads the same variables so that resend numbering
 * and recover windows agree with them (deploy them with the same values).
 */
export interface OperationsConfig {
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  /** The deployment's retry schedule (HOOKLINE_RETRY_SCHEDULE); an endpoint's own overrides it. */
  readonly retrySchedule: number[];
  /** How far back history is kept (HOOKLINE_HISTORY_RETENTION); recover cannot look further. */
  readonly historyRetentionMs: number;
  /** Longest window one recover call may cover (HOOKLINE_RECOVER_MAX_WINDOW). */
  readonly recoverMaxWindowMs: number;
  /** Most messages one recover call queues (HOOKLINE_RECOVER_LIMIT); the answer says where to continue. */
  readonly recoverLimit: number;
}

export const operationsConfigSpec: ConfigSpec<OperationsConfig> = {
  ...kafkaSettings,
  ...retryScheduleSettings,
  historyRetentionMs: envDuration('HOOKLINE_HISTORY_RETENTION', '30d'),
  recoverMaxWindowMs: envDuration('HOOKLINE_RECOVER_MAX_WINDOW', '14d'),
  recoverLimit: envInt('HOOKLINE_RECOVER_LIMIT', 10_000, { min: 1, max: 1_000_000 }),
};

export const OPERATIONS_CONFIG = Symbol('OperationsConfig');

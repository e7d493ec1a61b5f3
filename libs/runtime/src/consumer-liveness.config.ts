import { envDuration, envInt, loadConfigOrExit, type ConfigSpec } from '@hookline/config';
import { setConsumerLivenessLimits, type LivenessLimits } from '@hookline/kafka';

/** The liveness bounds of every consumer of an app (docs/readiness.md, "Not consuming"), the same env for all apps. */
export const consumerLivenessSettings: ConfigSpec<LivenessLimits> = {
  notReadyAfterMs: envDuration('HOOKLINE_CONSUMER_NOT_READY_AFTER', '20s'),
  giveUpAfterMs: envDuration('HOOKLINE_CONSUMER_GIVE_UP_AFTER', '60s'),
  maxCrashRestarts: envInt('HOOKLINE_CONSUMER_MAX_CRASH_RESTARTS', 3, { min: 1 }),
};

/** Read once at boot, before any consumer starts; a bad value stops the process naming the variable. */
export function applyConsumerLivenessConfig(env: NodeJS.ProcessEnv = process.env): void {
  setConsumerLivenessLimits(loadConfigOrExit(consumerLivenessSettings, env));
}

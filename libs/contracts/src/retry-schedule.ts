import { delayLabel } from './topics';

/**
 * The deployment's default retry delays (HOOKLINE_RETRY_SCHEDULE unset): the
 * dispatcher schedules by them, the registry numbers resends after them, and
 * topic provisioning always makes their tier topics. This is the one home of
 * the numbers; the Helm chart and the README, which cannot import it, are
 * checked against it by default-retry-schedule.spec.ts.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

/** The same delays as HOOKLINE_RETRY_SCHEDULE writes them: `10s,1m,5m,…`. */
export const DEFAULT_RETRY_SCHEDULE = DEFAULT_RETRY_DELAYS_MS.map(delayLabel).join(',');

import { parseDurationList } from '@hookline/config';
import type { Infrastructure } from '../tools/local-stack/infrastructure';
import { startThrowawayInfrastructure } from '../tools/local-stack/throwaway-infrastructure';
import { exportTestEnvironment, TEST_RETRY_SCHEDULE } from '@hookline/testing';

/** What global-teardown needs; jest runs both in its parent process, so globalThis carries it across. */
export interface TestInfrastructureHandle {
  /** Its stop() also deletes the run's temp dir. */
  readonly infrastructure: Infrastructure;
}
export const TEST_INFRASTRUCTURE = Symbol.for('hookline.test-infrastructure');
type WithHandle = typeof globalThis & { [TEST_INFRASTRUCTURE]?: TestInfrastructureHandle };

/**
 * One Kafka broker and one Postgres for the whole jest run (starting a JVM
 * per test file would cost minutes on two cores), in a fresh temp dir on free
 * ports so two runs at once never meet. Tests find everything in process.env,
 * which jest's workers inherit because they are forked after this runs.
 *
 * jest.config.js declares this on the integration and e2e projects only, so
 * jest runs it (once) only when a test of theirs is selected: unit runs start
 * nothing. HOOKLINE_TEST_INFRA=none skips it anyway; KAFKA_BROKERS and
 * DATABASE_URL, when set, are used instead of local ones.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.HOOKLINE_TEST_INFRA === 'none') return;

  const t0 = Date.now();
  const env = process.env;
  env.HOOKLINE_RETRY_SCHEDULE ??= TEST_RETRY_SCHEDULE;
  const infrastructure = await startThrowawayInfrastructure({
    label: 'test',
    retryDelaysMs: parseDurationList(env.HOOKLINE_RETRY_SCHEDULE),
    log: (line) => process.stdout.write(`[test-infra] ${line}\n`),
  });
  (globalThis as WithHandle)[TEST_INFRASTRUCTURE] = { infrastructure };

  exportTestEnvironment(infrastructure, env);
  process.stdout.write(`[test-infra] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

export function takeTestInfrastructure(): TestInfrastructureHandle | undefined {
  const holder = globalThis as WithHandle;
  const handle = holder[TEST_INFRASTRUCTURE];
  delete holder[TEST_INFRASTRUCTURE];
  return handle;
}

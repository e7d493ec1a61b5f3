import { takeTestInfrastructure } from './global-setup';

/** Stops the broker and Postgres of global-setup, which deletes their temp dir: nothing of the run is left behind. */
export default async function globalTeardown(): Promise<void> {
  const handle = takeTestInfrastructure();
  if (handle === undefined) return; // global-setup started nothing (unit-only run, HOOKLINE_TEST_INFRA=none)
  await handle.infrastructure.stop();
}

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDurationList } from '@hookline/config';
import { freePorts } from '../tools/local-stack/free-port';
import { startInfrastructure, type Infrastructure } from '../tools/local-stack/infrastructure';
import { generateAdminToken, generateMasterKey } from '../tools/local-stack/local-secrets';
import { repoRoot } from '../tools/local-stack/repo-root';

/** What global-teardown needs; jest runs both in its parent process, so globalThis carries it across. */
export interface TestInfrastructureHandle {
  readonly infrastructure: Infrastructure;
  readonly dataDir: string;
}
export const TEST_INFRASTRUCTURE = Symbol.for('hookline.test-infrastructure');
type WithHandle = typeof globalThis & { [TEST_INFRASTRUCTURE]?: TestInfrastructureHandle };

const RETRY_SCHEDULE = '1s,2s,4s';

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
  const dataDir = mkdtempSync(join(tmpdir(), 'hookline-test-'));
  // mkdtemp makes it owner-only; Postgres runs as the `postgres` user when we are root and must get through it.
  chmodSync(dataDir, 0o755);
  const [kafkaPort, kafkaControllerPort, postgresPort] = (await freePorts(3)) as [number, number, number];
  const env = process.env;
  env.HOOKLINE_RETRY_SCHEDULE ??= RETRY_SCHEDULE;

  let infrastructure: Infrastructure;
  try {
    infrastructure = await startInfrastructure({
      root: repoRoot(__dirname),
      dataDir,
      externalBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((b) => b.trim()) : undefined,
      externalDatabaseUrl: env.DATABASE_URL || undefined,
      kafkaPort,
      kafkaControllerPort,
      postgresPort,
      // Throwaway cluster: skip fsync, it is most of the cost of a commit.
      durable: false,
      topicPrefix: 'hookline.',
      retryDelaysMs: parseDurationList(env.HOOKLINE_RETRY_SCHEDULE),
      log: (line) => process.stdout.write(`[test-infra] ${line}\n`),
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  (globalThis as WithHandle)[TEST_INFRASTRUCTURE] = { infrastructure, dataDir };

  env.KAFKA_BROKERS = infrastructure.brokers.join(',');
  env.DATABASE_URL = infrastructure.databaseUrl;
  env.HOOKLINE_MASTER_KEY ??= generateMasterKey();
  env.HOOKLINE_ADMIN_TOKEN ??= generateAdminToken();
  env.HOOKLINE_ALLOW_HTTP = 'true';
  env.HOOKLINE_ALLOW_PRIVATE_NETWORKS = 'true';
  process.stdout.write(`[test-infra] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

export function takeTestInfrastructure(): TestInfrastructureHandle | undefined {
  const holder = globalThis as WithHandle;
  const handle = holder[TEST_INFRASTRUCTURE];
  delete holder[TEST_INFRASTRUCTURE];
  return handle;
}

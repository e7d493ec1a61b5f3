import type { Infrastructure } from '../../../tools/local-stack/infrastructure';
import { generateAdminToken, generateMasterKey } from '../../../tools/local-stack/local-secrets';

/** The retry tiers tests run with: short, so a retry is seen within a test. */
export const TEST_RETRY_SCHEDULE = '1s,2s,4s';

/**
 * What every engine a test starts reads from the environment: where Kafka and
 * Postgres are, fresh secrets (unless given), and the local-development
 * allowances (plain http and loopback receivers). Jest's global setup and the
 * chaos run's fuzz stage both call this after starting their infrastructure.
 */
export function exportTestEnvironment(infrastructure: Pick<Infrastructure, 'brokers' | 'databaseUrl'>, env: NodeJS.ProcessEnv): void {
  env.KAFKA_BROKERS = infrastructure.brokers.join(',');
  env.DATABASE_URL = infrastructure.databaseUrl;
  env.HOOKLINE_MASTER_KEY ??= generateMasterKey();
  env.HOOKLINE_ADMIN_TOKEN ??= generateAdminToken();
  env.HOOKLINE_ALLOW_HTTP = 'true';
  env.HOOKLINE_ALLOW_PRIVATE_NETWORKS = 'true';
}

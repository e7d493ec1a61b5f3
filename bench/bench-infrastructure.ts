import type { Infrastructure } from '../tools/local-stack/infrastructure';
import { startThrowawayInfrastructure } from '../tools/local-stack/throwaway-infrastructure';

/** KAFKA_BROKERS and DATABASE_URL when set; otherwise a throwaway broker and Postgres like the tests'. */
export function benchInfrastructure(log: (line: string) => void): Promise<Infrastructure> {
  return startThrowawayInfrastructure({ label: 'bench', log });
}

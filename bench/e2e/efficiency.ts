import type { ProcessUsage } from './process-stats';
import type { KafkaRequests } from './window-usage';

/** The four services: what Hookline's own code costs. */
export const SERVICES = ['registry', 'ingest', 'dispatcher', 'projector'] as const;
/** The engine as deployed: the services and the broker and database they need. The load generator, the receiver and the bench are not in it. */
export const ENGINE = [...SERVICES, 'kafka', 'postgres'] as const;

export interface Efficiency {
  /** Cores the engine (services + Kafka + Postgres) kept busy over the window. */
  readonly engineCpuCores: number;
  readonly deliveriesPerEngineCpuSecond: number;
  readonly serviceCpuCores: number;
  readonly deliveriesPerServiceCpuSecond: number;
  /** Engine Kafka requests (all its clients, all APIs) per delivery made in the window. */
  readonly kafkaRequestsPerDelivery: number;
  /** False when the broker or Postgres was not measured (not on this machine): the engine figures are then the services' alone. */
  readonly engineComplete: boolean;
}

/** Deliveries per CPU-second and Kafka requests per delivery, for `deliveries` first deliveries in a window. */
export function efficiencyOf(processes: Readonly<Record<string, ProcessUsage>>, kafkaRequests: KafkaRequests, deliveries: number): Efficiency {
  const cpu = (names: readonly string[]) => names.reduce((sum, name) => sum + (processes[name]?.cpuMs ?? 0), 0);
  const cores = (names: readonly string[]) => names.reduce((sum, name) => sum + (processes[name]?.cpuCores ?? 0), 0);
  const perCpuSecond = (cpuMs: number) => (cpuMs > 0 ? deliveries / (cpuMs / 1000) : Number.NaN);
  return {
    engineCpuCores: cores(ENGINE),
    deliveriesPerEngineCpuSecond: perCpuSecond(cpu(ENGINE)),
    serviceCpuCores: cores(SERVICES),
    deliveriesPerServiceCpuSecond: perCpuSecond(cpu(SERVICES)),
    kafkaRequestsPerDelivery: deliveries > 0 ? kafkaRequests.total / deliveries : Number.NaN,
    engineComplete: ENGINE.every((name) => processes[name] !== undefined),
  };
}

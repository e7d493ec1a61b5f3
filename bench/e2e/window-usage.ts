import { machineCpuBetween, sampleMachineCpu, type MachineCpuSample, type MachineCpuUsage } from './machine-cpu';
import { readProcessTable, sampleProcess, usageBetween, type ProcessSample, type ProcessUsage } from './process-stats';
import { sumByLabel } from './prometheus-text';

/** A process the bench measures: an app, the broker, Postgres, the load generator, the receiver, the bench itself. */
export interface TrackedProcess {
  readonly name: string;
  readonly pid: number;
  /** With all its descendants (Postgres's backends); false only for the bench, whose children are measured apart. */
  readonly tree: boolean;
}

/** What the bench reads at each end of a measured window. */
export interface WindowSample {
  readonly atMs: number;
  readonly machine: MachineCpuSample;
  readonly processes: ReadonlyMap<string, ProcessSample>;
  /** Per app, its `hookline_kafka_requests_total` by API. */
  readonly kafkaRequests: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface KafkaRequests {
  readonly total: number;
  readonly byApi: Record<string, number>;
  readonly byApp: Record<string, number>;
}

export interface WindowUsage {
  readonly elapsedMs: number;
  readonly machine: MachineCpuUsage;
  /** CPU over the window and memory at its end, per tracked process (tree). */
  readonly processes: Record<string, ProcessUsage>;
  /** Requests the engine's Kafka clients completed over the window. */
  readonly kafkaRequests: KafkaRequests;
}

/** Scrapes each app's /metrics first (the slow part), then reads /proc, so both ends are read in the same order. */
export async function sampleWindowEnd(tracked: readonly TrackedProcess[], metricsUrls: ReadonlyMap<string, string>): Promise<WindowSample> {
  const kafkaRequests = new Map<string, ReadonlyMap<string, number>>();
  await Promise.all(
    [...metricsUrls].map(async ([app, url]) => {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      kafkaRequests.set(app, sumByLabel(await response.text(), 'hookline_kafka_requests_total', 'api'));
    }),
  );
  const table = readProcessTable();
  const processes = new Map<string, ProcessSample>();
  for (const p of tracked) {
    const sample = sampleProcess(p.pid, table, p.tree);
    if (sample !== undefined) processes.set(p.name, sample);
  }
  return { atMs: Date.now(), machine: sampleMachineCpu(), processes, kafkaRequests };
}

export function windowUsage(before: WindowSample, after: WindowSample): WindowUsage {
  const elapsedMs = after.atMs - before.atMs;
  const processes: Record<string, ProcessUsage> = {};
  for (const [name, sample] of after.processes) {
    const first = before.processes.get(name);
    if (first !== undefined) processes[name] = usageBetween(first, sample, elapsedMs);
  }
  return {
    elapsedMs,
    machine: machineCpuBetween(before.machine, after.machine),
    processes,
    kafkaRequests: requestsBetween(before.kafkaRequests, after.kafkaRequests),
  };
}

/** Counter increases between two scrapes, by API and by app (an API or app absent before started at 0). */
export function requestsBetween(before: WindowSample['kafkaRequests'], after: WindowSample['kafkaRequests']): KafkaRequests {
  const byApi: Record<string, number> = {};
  const byApp: Record<string, number> = {};
  let total = 0;
  for (const [app, apis] of after) {
    for (const [api, count] of apis) {
      const delta = count - (before.get(app)?.get(api) ?? 0);
      byApi[api] = (byApi[api] ?? 0) + delta;
      byApp[app] = (byApp[app] ?? 0) + delta;
      total += delta;
    }
  }
  return { total, byApi, byApp };
}

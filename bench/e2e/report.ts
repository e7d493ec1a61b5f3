import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RampResult } from './bench-plans';
import type { MeasuredStep } from './step-runs';

const fixed = (n: number | null | undefined, digits = 0): string => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));

/**
 * One line per step (medians of its runs): the figures a reader compares, the
 * cost of each delivery, and whether the ledger lets them be trusted.
 */
export function stepTable(results: readonly MeasuredStep[]): string {
  const header = [
    'step',
    'in',
    'to',
    'payload',
    'runs',
    'asked/s',
    'offered/s',
    'deliv/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'machine %',
    'engine cores',
    'deliv/engine cpu-s',
    'kafka req/deliv',
    'backlog/s',
    'ledger',
    'dup',
    'proj lag',
    'verdict',
  ];
  const rows = results.map((r) => {
    const l = r.ledger;
    const m = r.median;
    const ledger = `${l.delivered}+${l.failed}+${l.inFlight}=${l.expectedPairs}${l.unaccounted > 0 ? ` lost ${l.unaccounted}` : ''}${l.phantom > 0 ? ` phantom ${l.phantom}` : ''}`;
    return [
      r.spec.label,
      r.spec.input,
      `${r.spec.group}${r.pairsPerEvent > 1 ? ` ×${r.pairsPerEvent}` : ''}`,
      r.spec.payloadBytes >= 1024 ? `${Math.round(r.spec.payloadBytes / 1024)} KiB` : `${r.spec.payloadBytes} B`,
      String(r.runs.length),
      String(r.spec.rate),
      fixed(m.offeredRate),
      fixed(m.deliveriesPerSecond),
      fixed(m.p50Ms),
      fixed(m.p95Ms),
      fixed(m.p99Ms),
      fixed(m.machineCpuPercent),
      fixed(m.engineCpuCores, 2),
      fixed(m.deliveriesPerEngineCpuSecond),
      fixed(m.kafkaRequestsPerDelivery, 2),
      fixed(m.backlogSlope),
      `${r.valid ? '' : 'INVALID '}${ledger}`,
      String(l.duplicates),
      fixed(m.projectorLagFacts),
      r.sustained && r.valid ? 'sustained' : `no: ${r.reasons.join('; ')}`,
    ];
  });
  return table([header, ...rows]);
}

/** The order processes are shown in: the engine, then what only drives it. */
const PROCESS_ORDER = ['registry', 'ingest', 'dispatcher', 'projector', 'kafka', 'postgres', 'loadgen', 'receiver', 'bench'];

/** CPU (cores busy over the measured window) and memory (PSS, MiB; RSS is in the JSON) per process tree, for each step. */
export function processTable(results: readonly MeasuredStep[]): string {
  const seen = new Set(results.flatMap((r) => Object.keys(r.median.processCores)));
  const names = [...PROCESS_ORDER.filter((n) => seen.has(n)), ...[...seen].filter((n) => !PROCESS_ORDER.includes(n))];
  const header = ['step', ...names.flatMap((n) => [`${n} cpu`, `${n} PSS`])];
  const rows = results.map((r) => [r.spec.label, ...names.flatMap((n) => [fixed(r.median.processCores[n], 2), fixed(r.median.processPssMiB[n])])]);
  return table([header, ...rows]);
}

/**
 * Where each Node app's CPU goes: its main thread (the event loop: our code,
 * kafkajs, undici, pg), its other threads (GC, the compiler, libuv) and, of
 * the whole, the kernel. An app that gets dearer from one run to the next
 * shows here in which part, with nothing running inside it.
 */
export function cpuSplitTable(results: readonly MeasuredStep[], apps: readonly string[]): string {
  const shown = apps.filter((app) => results.some((r) => app in r.median.processMainThreadCores));
  const header = ['step', ...shown.flatMap((app) => [`${app} main`, `${app} other`, `${app} kernel`])];
  const rows = results.map((r) => {
    const m = r.median;
    return [
      r.spec.label,
      ...shown.flatMap((app) => [
        fixed(m.processMainThreadCores[app], 2),
        fixed((m.processCores[app] ?? Number.NaN) - (m.processMainThreadCores[app] ?? Number.NaN), 2),
        fixed(m.processSystemCores[app], 2),
      ]),
    ];
  });
  return table([header, ...rows]);
}

/** The engine's Kafka requests per delivery, by API (the busiest APIs first), for each step. */
export function kafkaTable(results: readonly MeasuredStep[]): string {
  const totals = new Map<string, number>();
  for (const r of results)
    for (const [api, n] of Object.entries(r.median.kafkaRequestsPerDeliveryByApi)) totals.set(api, (totals.get(api) ?? 0) + (Number.isNaN(n) ? 0 : n));
  const apis = [...totals].sort((a, b) => b[1] - a[1]).map(([api]) => api);
  const header = ['step', 'all', ...apis];
  const rows = results.map((r) => [
    r.spec.label,
    fixed(r.median.kafkaRequestsPerDelivery, 2),
    ...apis.map((api) => fixed(r.median.kafkaRequestsPerDeliveryByApi[api], 2)),
  ]);
  return table([header, ...rows]);
}

export function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Writes the whole run as JSON under bench/results/ (git-ignored) and returns the path. */
export function writeResults(root: string, name: string, content: unknown): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

export interface RampHeadline {
  readonly label: string;
  readonly input: string;
  readonly group: string;
  readonly pairsPerEvent: number;
  readonly eventsPerSecond: number | undefined;
  readonly deliveriesPerSecond: number | undefined;
  /** At the highest sustained step (medians of its runs). */
  readonly deliveriesPerEngineCpuSecond: number | undefined;
  readonly machineCpuPercent: number | undefined;
  readonly kafkaRequestsPerDelivery: number | undefined;
  readonly p99Ms: number | undefined;
}

export interface Headline {
  readonly maxSustained: RampHeadline[];
  readonly baselineDeliveriesPerSecond: number;
  readonly tracing?: { rate: number; cpuMsPerDeliveryOff: number; cpuMsPerDeliveryOn: number; p99OffMs: number; p99OnMs: number; exportedBytes: number };
}

export function rampHeadline(r: RampResult): RampHeadline {
  const best = r.steps.find((s) => s.spec.rate === r.maxSustainedRate && s.sustained && s.valid);
  return {
    label: r.label,
    input: r.input,
    group: r.group,
    pairsPerEvent: r.pairsPerEvent,
    eventsPerSecond: r.maxSustainedRate,
    deliveriesPerSecond: r.maxSustainedRate === undefined ? undefined : r.maxSustainedRate * r.pairsPerEvent,
    deliveriesPerEngineCpuSecond: best?.median.deliveriesPerEngineCpuSecond,
    machineCpuPercent: best?.median.machineCpuPercent,
    kafkaRequestsPerDelivery: best?.median.kafkaRequestsPerDelivery,
    p99Ms: best?.median.p99Ms,
  };
}

/** CPU ms the engine (services, Kafka, Postgres) spent per delivery over a step's measured window (median of runs). */
export function engineCpuMsPerDelivery(step: MeasuredStep): number {
  return 1000 / step.median.deliveriesPerEngineCpuSecond;
}

export function headlineText(h: Headline): string {
  const lines: string[] = [];
  for (const m of h.maxSustained) {
    const ratio =
      m.deliveriesPerSecond === undefined || h.baselineDeliveriesPerSecond === 0 ? '—' : (m.deliveriesPerSecond / h.baselineDeliveriesPerSecond).toFixed(2);
    lines.push(
      `max sustained ${m.label}: ${fixed(m.eventsPerSecond)} events/s = ${fixed(m.deliveriesPerSecond)} deliveries/s (${ratio} × raw baseline); there: p99 ${fixed(m.p99Ms)} ms, ${fixed(m.deliveriesPerEngineCpuSecond)} deliveries per engine CPU-s, machine CPU ${fixed(m.machineCpuPercent)} %, ${fixed(m.kafkaRequestsPerDelivery, 2)} Kafka requests per delivery`,
    );
  }
  lines.push(`raw baseline (kafkajs consumer + undici pool, no engine logic): ${fixed(h.baselineDeliveriesPerSecond)} deliveries/s`);
  if (h.tracing !== undefined) {
    const t = h.tracing;
    const extra = t.cpuMsPerDeliveryOn / t.cpuMsPerDeliveryOff - 1;
    lines.push(
      `tracing at ${t.rate}/s: engine CPU ${fixed(t.cpuMsPerDeliveryOff, 2)} → ${fixed(t.cpuMsPerDeliveryOn, 2)} ms per delivery (${extra >= 0 ? '+' : ''}${fixed(extra * 100)} %), p99 ${fixed(t.p99OffMs)} → ${fixed(t.p99OnMs)} ms, ${fixed(t.exportedBytes / 2 ** 20, 1)} MiB of spans exported`,
    );
  }
  return lines.join('\n');
}

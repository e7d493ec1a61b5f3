import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepResult } from './measured-step';

const fixed = (n: number | null | undefined, digits = 0): string => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));

/** One line per step: the figures a reader compares, and whether the ledger lets them be trusted. */
export function stepTable(results: readonly StepResult[]): string {
  const header = ['step', 'fan', 'payload', 'asked/s', 'offered/s', 'deliv/s', 'p50 ms', 'p95 ms', 'p99 ms', 'backlog/s', 'ledger', 'dup', 'proj lag', 'verdict'];
  const rows = results.map((r) => {
    const l = r.ledger;
    const ledger = `${l.delivered}+${l.failed}+${l.inFlight}=${l.expectedPairs}${l.unaccounted > 0 ? ` lost ${l.unaccounted}` : ''}${l.phantom > 0 ? ` phantom ${l.phantom}` : ''}`;
    return [
      r.spec.label,
      String(r.spec.fanOut),
      r.spec.payloadBytes >= 1024 ? `${Math.round(r.spec.payloadBytes / 1024)} KiB` : `${r.spec.payloadBytes} B`,
      String(r.spec.rate),
      fixed(r.offeredRate),
      fixed(r.deliveriesPerSecond),
      fixed(r.latencyMs.p50),
      fixed(r.latencyMs.p95),
      fixed(r.latencyMs.p99),
      fixed(r.backlogSlope),
      `${r.valid ? '' : 'INVALID '}${ledger}`,
      String(l.duplicates),
      fixed(r.projectorLag.facts),
      r.verdict.sustained ? 'sustained' : `no: ${r.verdict.reasons.join('; ')}`,
    ];
  });
  return table([header, ...rows]);
}

/** CPU (cores busy over the measured window) and RSS per process, for each step. */
export function processTable(results: readonly StepResult[]): string {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.processes)))];
  const header = ['step', ...names.flatMap((n) => [`${n} cpu`, `${n} MiB`])];
  const rows = results.map((r) => [
    r.spec.label,
    ...names.flatMap((n) => {
      const p = r.processes[n];
      return p === undefined ? ['—', '—'] : [fixed(p.cpuCores, 2), fixed(p.rssMiB)];
    }),
  ]);
  return table([header, ...rows]);
}

export function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

/** Writes the whole run as JSON under bench/results/ (git-ignored) and returns the path. */
export function writeResults(root: string, name: string, content: unknown): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

export interface Headline {
  readonly maxSustained: Array<{ label: string; fanOut: number; eventsPerSecond: number | undefined }>;
  readonly baselineDeliveriesPerSecond: number;
  readonly tracing?: { rate: number; cpuMsPerDeliveryOff: number; cpuMsPerDeliveryOn: number; p99OffMs: number; p99OnMs: number; exportedBytes: number };
}

/** CPU ms the four engine processes spent per delivery over a step's measured window. */
export function engineCpuMsPerDelivery(result: StepResult): number {
  const cpuMs = ['registry', 'ingest', 'dispatcher', 'projector'].reduce((sum, name) => sum + (result.processes[name]?.cpuMs ?? 0), 0);
  const deliveries = result.deliveriesPerSecond * (result.spec.measureMs / 1000);
  return deliveries > 0 ? cpuMs / deliveries : Number.NaN;
}

export function headlineText(h: Headline): string {
  const lines: string[] = [];
  for (const m of h.maxSustained) {
    const deliveries = m.eventsPerSecond === undefined ? undefined : m.eventsPerSecond * m.fanOut;
    const ratio = deliveries === undefined || h.baselineDeliveriesPerSecond === 0 ? '—' : (deliveries / h.baselineDeliveriesPerSecond).toFixed(2);
    lines.push(`max sustained ${m.label}: ${fixed(m.eventsPerSecond)} events/s = ${fixed(deliveries)} deliveries/s (${ratio} × raw baseline)`);
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

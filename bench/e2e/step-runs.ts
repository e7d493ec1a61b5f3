import type { Ledger } from './ledger';
import type { StepResult, StepSpec } from './measured-step';

/** The figures of one run that the tables compare, flat, so runs combine figure by figure. */
export interface StepFigures {
  readonly offeredRate: number;
  readonly deliveriesPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly backlogSlope: number;
  readonly projectorLagFacts: number;
  /** Whole machine, 0–100 (all cores). */
  readonly machineCpuPercent: number;
  readonly engineCpuCores: number;
  readonly serviceCpuCores: number;
  readonly deliveriesPerEngineCpuSecond: number;
  readonly deliveriesPerServiceCpuSecond: number;
  readonly kafkaRequestsPerDelivery: number;
  readonly processCores: Record<string, number>;
  readonly processRssMiB: Record<string, number>;
  readonly kafkaRequestsPerDeliveryByApi: Record<string, number>;
}

/**
 * One step of a plan, run `runs.length` times in a row on the same engine.
 * Each figure is the median of the runs (three by default: one slow run, from
 * a GC pause or a neighbour's test suite, moves nothing). Correctness is not
 * a median: one unbalanced ledger makes the step INVALID. A step is sustained
 * when most of its runs were (the median run's verdict).
 */
export interface MeasuredStep {
  readonly spec: StepSpec;
  readonly pairsPerEvent: number;
  readonly median: StepFigures;
  readonly valid: boolean;
  readonly sustained: boolean;
  readonly reasons: string[];
  /** Ledgers of all runs added up (every run must balance on its own). */
  readonly ledger: Ledger;
  readonly runs: StepResult[];
}

/** Median of numbers (mean of the middle two for an even count); NaN for none. NaNs are ignored. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function figuresOf(run: StepResult): StepFigures {
  const deliveries = run.deliveriesPerSecond * (run.spec.measureMs / 1000);
  const perDelivery = (count: number) => (deliveries > 0 ? count / deliveries : Number.NaN);
  return {
    offeredRate: run.offeredRate,
    deliveriesPerSecond: run.deliveriesPerSecond,
    p50Ms: run.latencyMs.p50,
    p95Ms: run.latencyMs.p95,
    p99Ms: run.latencyMs.p99,
    backlogSlope: run.backlogSlope,
    projectorLagFacts: run.projectorLag.facts ?? Number.NaN,
    machineCpuPercent: run.machineCpu.busyShare * 100,
    engineCpuCores: run.efficiency.engineCpuCores,
    serviceCpuCores: run.efficiency.serviceCpuCores,
    deliveriesPerEngineCpuSecond: run.efficiency.deliveriesPerEngineCpuSecond,
    deliveriesPerServiceCpuSecond: run.efficiency.deliveriesPerServiceCpuSecond,
    kafkaRequestsPerDelivery: run.efficiency.kafkaRequestsPerDelivery,
    processCores: mapValues(run.processes, (p) => p.cpuCores),
    processRssMiB: mapValues(run.processes, (p) => p.rssMiB),
    kafkaRequestsPerDeliveryByApi: mapValues(run.kafkaRequests.byApi, perDelivery),
  };
}

/** Figure by figure, the median over runs; a keyed figure (a process, an API) over the runs that have it. */
export function medianFigures(all: readonly StepFigures[]): StepFigures {
  const of = (pick: (f: StepFigures) => number) => median(all.map(pick));
  const keyed = (pick: (f: StepFigures) => Record<string, number>) => {
    const keys = [...new Set(all.flatMap((f) => Object.keys(pick(f))))];
    return Object.fromEntries(keys.map((key) => [key, median(all.flatMap((f) => (key in pick(f) ? [pick(f)[key] as number] : [])))]));
  };
  return {
    offeredRate: of((f) => f.offeredRate),
    deliveriesPerSecond: of((f) => f.deliveriesPerSecond),
    p50Ms: of((f) => f.p50Ms),
    p95Ms: of((f) => f.p95Ms),
    p99Ms: of((f) => f.p99Ms),
    backlogSlope: of((f) => f.backlogSlope),
    projectorLagFacts: of((f) => f.projectorLagFacts),
    machineCpuPercent: of((f) => f.machineCpuPercent),
    engineCpuCores: of((f) => f.engineCpuCores),
    serviceCpuCores: of((f) => f.serviceCpuCores),
    deliveriesPerEngineCpuSecond: of((f) => f.deliveriesPerEngineCpuSecond),
    deliveriesPerServiceCpuSecond: of((f) => f.deliveriesPerServiceCpuSecond),
    kafkaRequestsPerDelivery: of((f) => f.kafkaRequestsPerDelivery),
    processCores: keyed((f) => f.processCores),
    processRssMiB: keyed((f) => f.processRssMiB),
    kafkaRequestsPerDeliveryByApi: keyed((f) => f.kafkaRequestsPerDeliveryByApi),
  };
}

export function combineRuns(runs: readonly StepResult[]): MeasuredStep {
  const first = runs[0];
  if (first === undefined) throw new Error('a step needs at least one run');
  const held = runs.filter((r) => r.valid && r.verdict.sustained).length;
  const reasons = runs.flatMap((r, i) => {
    const why = [...(r.valid ? [] : ['ledger INVALID']), ...r.verdict.reasons];
    return why.length === 0 ? [] : [`${runs.length > 1 ? `run ${i + 1}: ` : ''}${why.join('; ')}`];
  });
  return {
    spec: first.spec,
    pairsPerEvent: first.pairsPerEvent,
    median: medianFigures(runs.map(figuresOf)),
    valid: runs.every((r) => r.valid),
    sustained: held * 2 > runs.length,
    reasons,
    ledger: addLedgers(runs.map((r) => r.ledger)),
    runs: [...runs],
  };
}

function addLedgers(ledgers: readonly Ledger[]): Ledger {
  const sum = (pick: (l: Ledger) => number) => ledgers.reduce((total, l) => total + pick(l), 0);
  return {
    published: sum((l) => l.published),
    expectedPairs: sum((l) => l.expectedPairs),
    delivered: sum((l) => l.delivered),
    failed: sum((l) => l.failed),
    inFlight: sum((l) => l.inFlight),
    unaccounted: sum((l) => l.unaccounted),
    phantom: sum((l) => l.phantom),
    duplicates: sum((l) => l.duplicates),
    balanced: ledgers.every((l) => l.balanced),
  };
}

function mapValues<T>(record: Readonly<Record<string, T>>, fn: (value: T) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

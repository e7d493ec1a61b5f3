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
  /** Of processCores, the root process's main thread and its kernel time (ProcessUsage). */
  readonly processMainThreadCores: Record<string, number>;
  readonly processSystemCores: Record<string, number>;
  readonly processRssMiB: Record<string, number>;
  readonly processPssMiB: Record<string, number>;
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
    processMainThreadCores: mapValues(run.processes, (p) => p.mainThreadCores),
    processSystemCores: mapValues(run.processes, (p) => p.systemCores),
    processRssMiB: mapValues(run.processes, (p) => p.rssMiB),
    processPssMiB: mapValues(run.processes, (p) => p.pssMiB),
    kafkaRequestsPerDeliveryByApi: mapValues(run.kafkaRequests.byApi, perDelivery),
  };
}

type ScalarFigure = { [K in keyof StepFigures]: StepFigures[K] extends number ? K : never }[keyof StepFigures];
type KeyedFigure = Exclude<keyof StepFigures, ScalarFigure>;

const SCALAR_FIGURES = [
  'offeredRate',
  'deliveriesPerSecond',
  'p50Ms',
  'p95Ms',
  'p99Ms',
  'backlogSlope',
  'projectorLagFacts',
  'machineCpuPercent',
  'engineCpuCores',
  'serviceCpuCores',
  'deliveriesPerEngineCpuSecond',
  'deliveriesPerServiceCpuSecond',
  'kafkaRequestsPerDelivery',
] as const satisfies readonly ScalarFigure[];
const KEYED_FIGURES = [
  'processCores',
  'processMainThreadCores',
  'processSystemCores',
  'processRssMiB',
  'processPssMiB',
  'kafkaRequestsPerDeliveryByApi',
] as const satisfies readonly KeyedFigure[];
// A figure added to StepFigures but not to these lists would silently have no median: the compiler names it here.
const everyFigureListed: [Exclude<keyof StepFigures, (typeof SCALAR_FIGURES)[number] | (typeof KEYED_FIGURES)[number]>] extends [never] ? true : never = true;
void everyFigureListed;

/** Figure by figure, the median over runs; a keyed figure (a process, an API) over the runs that have it. */
export function medianFigures(all: readonly StepFigures[]): StepFigures {
  const keyed = (figure: KeyedFigure) => {
    const keys = [...new Set(all.flatMap((f) => Object.keys(f[figure])))];
    return Object.fromEntries(keys.map((key) => [key, median(all.flatMap((f) => (key in f[figure] ? [f[figure][key] as number] : [])))]));
  };
  return {
    ...(Object.fromEntries(SCALAR_FIGURES.map((figure) => [figure, median(all.map((f) => f[figure]))])) as Record<ScalarFigure, number>),
    ...(Object.fromEntries(KEYED_FIGURES.map((figure) => [figure, keyed(figure)])) as Record<KeyedFigure, Record<string, number>>),
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

const LEDGER_COUNTS = ['published', 'expectedPairs', 'delivered', 'failed', 'inFlight', 'unaccounted', 'phantom', 'duplicates'] as const;

function addLedgers(ledgers: readonly Ledger[]): Ledger {
  const counts = Object.fromEntries(LEDGER_COUNTS.map((count) => [count, ledgers.reduce((total, l) => total + l[count], 0)])) as Record<
    (typeof LEDGER_COUNTS)[number],
    number
  >;
  return { ...counts, balanced: ledgers.every((l) => l.balanced) };
}

function mapValues<T>(record: Readonly<Record<string, T>>, fn: (value: T) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

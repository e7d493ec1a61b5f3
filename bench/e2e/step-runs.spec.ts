import type { Ledger } from './ledger';
import type { StepResult } from './measured-step';
import { combineRuns, median } from './step-runs';

const ledger = (balanced: boolean): Ledger => ({
  published: 10,
  expectedPairs: 10,
  delivered: balanced ? 10 : 9,
  failed: 0,
  inFlight: 0,
  unaccounted: balanced ? 0 : 1,
  phantom: 0,
  duplicates: 0,
  balanced,
});

function run(
  deliveriesPerSecond: number,
  p99: number,
  options: { sustained?: boolean; valid?: boolean; ingestCores?: number; apis?: Record<string, number> } = {},
): StepResult {
  const cores = options.ingestCores ?? 0.2;
  return {
    spec: { label: 'f1', group: 'f1', input: 'kafka', payloadBytes: 1024, rate: 100, warmupMs: 0, measureMs: 10_000, drainMs: 0 },
    pairsPerEvent: 1,
    offeredRate: 100,
    generatorLatenessP99Ms: 5,
    deliveriesPerSecond,
    latencyMs: { count: 1000, p50: p99 / 2, p95: p99 * 0.9, p99, max: p99 },
    backlogSlope: 0,
    drainedInMs: 10,
    ledger: ledger(options.valid ?? true),
    reissued: 0,
    valid: options.valid ?? true,
    verdict: { sustained: options.sustained ?? true, reasons: options.sustained === false ? ['backlog grew 9 pairs/s'] : [] },
    projectorLag: { facts: 0, seconds: 0 },
    machineCpu: { busyShare: 0.5, busyCores: 1, stealShare: 0, cores: 2 },
    processes: {
      ingest: {
        cpuCores: cores,
        cpuMs: cores * 10_000,
        rssMiB: 300,
        pssMiB: 280,
        peakRssMiB: 310,
        processes: 1,
        mainThreadCores: cores * 0.8,
        systemCores: cores * 0.1,
      },
    },
    kafkaRequests: { total: 0, byApi: options.apis ?? {}, byApp: {} },
    efficiency: {
      engineCpuCores: 1,
      deliveriesPerEngineCpuSecond: deliveriesPerSecond,
      serviceCpuCores: 0.5,
      deliveriesPerServiceCpuSecond: 2 * deliveriesPerSecond,
      kafkaRequestsPerDelivery: 3,
      engineComplete: true,
    },
  };
}

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, ignoring NaN', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });
});

describe('three runs of a step', () => {
  it('reports each figure as its median, so one slow run moves nothing', () => {
    const step = combineRuns([run(100, 50, { ingestCores: 0.2 }), run(40, 900, { ingestCores: 0.9 }), run(98, 60, { ingestCores: 0.25 })]);
    expect(step.median.deliveriesPerSecond).toBe(98);
    expect(step.median.p99Ms).toBe(60);
    expect(step.median.processCores.ingest).toBe(0.25);
    expect(step.median.processMainThreadCores.ingest).toBeCloseTo(0.2);
    expect(step.median.processSystemCores.ingest).toBeCloseTo(0.025);
    expect(step.median.deliveriesPerEngineCpuSecond).toBe(98);
    expect(step.median.machineCpuPercent).toBe(50);
    expect(step.runs).toHaveLength(3);
  });

  it('counts Kafka requests per delivery by API', () => {
    // 1,000 deliveries in the 10 s window at 100/s.
    const step = combineRuns([run(100, 50, { apis: { Produce: 500, Fetch: 2_000 } })]);
    expect(step.median.kafkaRequestsPerDeliveryByApi).toEqual({ Produce: 0.5, Fetch: 2 });
  });

  it('is sustained when most runs are, with the failing run named', () => {
    const step = combineRuns([run(100, 50), run(100, 50, { sustained: false }), run(100, 50)]);
    expect(step.sustained).toBe(true);
    expect(step.reasons).toEqual(['run 2: backlog grew 9 pairs/s']);
    expect(combineRuns([run(100, 50), run(100, 50, { sustained: false }), run(100, 50, { sustained: false })]).sustained).toBe(false);
  });

  it('is INVALID when any run lost work, whatever the median says', () => {
    const step = combineRuns([run(100, 50), run(100, 50, { valid: false }), run(100, 50)]);
    expect(step.valid).toBe(false);
    expect(step.ledger).toMatchObject({ expectedPairs: 30, delivered: 29, unaccounted: 1, balanced: false });
    expect(combineRuns([run(100, 50), run(100, 50, { valid: false }), run(100, 50, { valid: false })]).sustained).toBe(false);
  });
});

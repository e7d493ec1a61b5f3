import { efficiencyOf } from './efficiency';
import type { ProcessUsage } from './process-stats';
import { requestsBetween } from './window-usage';

const usage = (cpuMs: number): ProcessUsage => ({
  cpuCores: cpuMs / 10_000,
  cpuMs,
  rssMiB: 100,
  pssMiB: 90,
  peakRssMiB: 100,
  processes: 1,
  mainThreadCores: 0,
  systemCores: 0,
});

describe('efficiency of a window', () => {
  const processes = {
    registry: usage(100),
    ingest: usage(900),
    dispatcher: usage(1_000),
    projector: usage(500),
    kafka: usage(2_000),
    postgres: usage(500),
    loadgen: usage(3_000),
    receiver: usage(1_000),
    bench: usage(400),
  };

  it('counts the services, the broker and Postgres as the engine, never the load generator, receiver or bench', () => {
    const e = efficiencyOf(processes, { total: 4_000, byApi: {}, byApp: {} }, 2_000);
    // 5,000 ms of engine CPU for 2,000 deliveries; 2,500 ms of it in the services.
    expect(e.deliveriesPerEngineCpuSecond).toBe(400);
    expect(e.deliveriesPerServiceCpuSecond).toBe(800);
    expect(e.engineCpuCores).toBeCloseTo(0.5);
    expect(e.kafkaRequestsPerDelivery).toBe(2);
    expect(e.engineComplete).toBe(true);
  });

  it('says when the broker or Postgres could not be measured', () => {
    const { kafka: _kafka, ...withoutKafka } = processes;
    expect(efficiencyOf(withoutKafka, { total: 0, byApi: {}, byApp: {} }, 10).engineComplete).toBe(false);
  });

  it('has no per-delivery figure without deliveries', () => {
    expect(efficiencyOf(processes, { total: 5, byApi: {}, byApp: {} }, 0).kafkaRequestsPerDelivery).toBeNaN();
  });
});

describe('Kafka requests over a window', () => {
  it('subtracts the first scrape from the second, by API and by app', () => {
    const before = new Map([
      [
        'ingest',
        new Map([
          ['Produce', 10],
          ['Fetch', 100],
        ]),
      ],
    ]);
    const after = new Map([
      [
        'ingest',
        new Map([
          ['Produce', 25],
          ['Fetch', 130],
          ['EndTxn', 4],
        ]),
      ],
      ['dispatcher', new Map([['Fetch', 50]])],
    ]);
    expect(requestsBetween(before, after)).toEqual({
      total: 15 + 30 + 4 + 50,
      byApi: { Produce: 15, Fetch: 80, EndTxn: 4 },
      byApp: { ingest: 49, dispatcher: 50 },
    });
  });
});

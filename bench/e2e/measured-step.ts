import { topicNames } from '@hookline/contracts';
import type { BenchStack } from './bench-stack';
import type { BenchTenant } from './bench-tenant';
import { efficiencyOf, type Efficiency } from './efficiency';
import { endpointsOf, pairsPerEvent, type EndpointGroup, type GroupName } from './endpoint-group';
import type { EngineUnderTest } from './engine-under-test';
import { latencyBreakdown, type LatencyBreakdown } from './latency-breakdown';
import { balanceLedger, pairKey, type Ledger } from './ledger';
import type { LoadGenerator } from './load-client';
import type { LoadInput } from './load-generator';
import type { LoopbackReceiver } from './loopback-receiver';
import type { MachineCpuUsage } from './machine-cpu';
import { summarize, type LatencySummary } from './percentiles';
import type { ProcessUsage } from './process-stats';
import { maxOfMetric, sumOfMetric } from './prometheus-text';
import { backlogSlope, judgeStep, type BacklogSample, type StepVerdict } from './ramp';
import { readUnfinishedWork } from './unfinished-work';
import { sampleWindowEnd, windowUsage, type KafkaRequests, type TrackedProcess } from './window-usage';

/** Where a step's events enter the engine: the `events` topic, or ingest's `POST /v1/events`. */
export type InputDoor = 'kafka' | 'http';

export interface StepSpec {
  readonly label: string;
  readonly group: GroupName;
  readonly input: InputDoor;
  readonly payloadBytes: number;
  /** Events/s asked of the generator. */
  readonly rate: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Longest wait after the last send for the backlog to empty before the ledger is drawn. */
  readonly drainMs: number;
  /** Also split latency into ingest / hand-over / attempt from the delivery log (reads it whole: small runs only). */
  readonly breakdown?: boolean;
}

/** Keying of the input events (see load-generator.ts); `--key=project` puts them all on one partition. */
export const inputKeying = { byProject: false };

export interface StepContext {
  readonly engine: EngineUnderTest;
  readonly stack: BenchStack;
  readonly receiver: LoopbackReceiver;
  readonly load: LoadGenerator;
  readonly tenant: BenchTenant;
  readonly groups: ReadonlyMap<GroupName, EndpointGroup>;
  readonly log: (line: string) => void;
}

export interface StepResult {
  readonly spec: StepSpec;
  /** Deliveries each event makes (the group's fan-out; 1 for a spread group). */
  readonly pairsPerEvent: number;
  readonly offeredRate: number;
  readonly generatorLatenessP99Ms: number;
  readonly deliveriesPerSecond: number;
  readonly latencyMs: LatencySummary;
  readonly backlogSlope: number;
  readonly drainedInMs: number | null;
  readonly ledger: Ledger;
  readonly reissued: number;
  readonly valid: boolean;
  readonly verdict: StepVerdict;
  readonly projectorLag: { readonly facts: number | null; readonly seconds: number | null };
  /** The whole machine's CPU over the measured window (other jobs on it included). */
  readonly machineCpu: MachineCpuUsage;
  /** CPU over the measured window and memory at its end: each app, kafka, postgres (with backends), loadgen, receiver, bench. */
  readonly processes: Record<string, ProcessUsage>;
  readonly kafkaRequests: KafkaRequests;
  readonly efficiency: Efficiency;
  readonly breakdown?: LatencyBreakdown;
}

let stepCounter = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One open-loop run at a fixed rate: warm-up, measured window, drain, ledger. */
export async function runMeasuredStep(ctx: StepContext, spec: StepSpec): Promise<StepResult> {
  const group = ctx.groups.get(spec.group);
  if (group === undefined) throw new Error(`no endpoint group ${spec.group}`);
  const pairs = pairsPerEvent(group);
  stepCounter += 1;
  const step = `s${stepCounter}`;
  await ctx.receiver.record(step);
  const startMs = Date.now() + 200;
  const window = { startMs: startMs + spec.warmupMs, endMs: startMs + spec.warmupMs + spec.measureMs };
  const load = await ctx.load.start({
    step,
    input: loadInput(ctx, spec.input),
    eventTypes: group.eventTypes,
    projectId: ctx.tenant.projectId,
    payloadBytes: spec.payloadBytes,
    schedule: { startMs, ratePerSecond: spec.rate },
    durationMs: spec.warmupMs + spec.measureMs,
  });

  const outstanding = async () => {
    const [acked, delivered] = await Promise.all([load.acked(), ctx.receiver.delivered(step)]);
    return acked * pairs - delivered;
  };
  const tracked = trackedProcesses(ctx);
  const metricsUrls = new Map([...ctx.engine.apps].map(([name, app]) => [name, `http://127.0.0.1:${app.port}/metrics`]));
  await sleep(window.startMs - Date.now());
  const before = await sampleWindowEnd(tracked, metricsUrls);
  const backlog: BacklogSample[] = [];
  while (Date.now() < window.endMs) {
    backlog.push({ atMs: Date.now(), outstanding: await outstanding() });
    await sleep(Math.min(500, window.endMs - Date.now()));
  }
  const usage = windowUsage(before, await sampleWindowEnd(tracked, metricsUrls));

  const loaded = await load.done;
  const expected = loaded.publishedSeqs.length * pairs;
  const drainStart = Date.now();
  let delivered = await ctx.receiver.delivered(step);
  while (delivered < expected && Date.now() - drainStart < spec.drainMs) {
    await sleep(100);
    delivered = await ctx.receiver.delivered(step);
  }
  const drainedInMs = delivered >= expected ? Date.now() - drainStart : null;

  const owedTo = (seq: number) => endpointsOf(group, seq);
  const inFlight = new Set<string>();
  const failed = new Set<string>();
  if (drainedInMs === null) {
    ctx.log(`${spec.label}: ${expected - delivered} deliveries still missing after the drain; reading the engine's unfinished work`);
    const work = await readUnfinishedWork(ctx.stack.brokers, ctx.engine.prefix);
    const indexOf = new Map(group.endpointIds.map((id, i) => [id, i]));
    for (const record of work.inFlight) {
      if (record.marker.step !== step) continue;
      const endpoints = record.endpointId === undefined ? owedTo(record.marker.seq) : [indexOf.get(record.endpointId) ?? -1];
      for (const e of endpoints) inFlight.add(pairKey(e, record.marker.seq));
    }
    for (const marker of work.deadLettered) {
      if (marker.step === step) for (const e of owedTo(marker.seq)) failed.add(pairKey(e, marker.seq));
    }
  }
  // Drawn after the unfinished work was read: anything that finished meanwhile shows as delivered.
  const recorder = await ctx.receiver.arrivals(step);
  const ledger = balanceLedger({
    publishedSeqs: loaded.publishedSeqs,
    endpointsOf: owedTo,
    delivered: recorder.delivered,
    failed,
    inFlight,
    duplicates: recorder.duplicates,
  });
  const latencyMs = summarize(recorder.latenciesOfEventsDueWithin(window));
  const deliveredInWindow = recorder.deliveredWithin(window);
  const deliveriesPerSecond = deliveredInWindow / (spec.measureMs / 1000);
  const slope = backlogSlope(backlog);
  const verdict = judgeStep({
    targetRate: spec.rate,
    offeredRate: loaded.offeredRate,
    fanOut: pairs,
    deliveriesPerSecond,
    p99Ms: latencyMs.p99,
    backlogSlope: slope,
  });
  return {
    spec,
    pairsPerEvent: pairs,
    offeredRate: loaded.offeredRate,
    generatorLatenessP99Ms: loaded.lateness.p99,
    deliveriesPerSecond,
    latencyMs,
    backlogSlope: slope,
    drainedInMs,
    ledger,
    reissued: recorder.reissued,
    valid: ledger.balanced && recorder.reissued === 0,
    verdict,
    projectorLag: await projectorLag(ctx.engine),
    machineCpu: usage.machine,
    processes: usage.processes,
    kafkaRequests: usage.kafkaRequests,
    efficiency: efficiencyOf(usage.processes, usage.kafkaRequests, deliveredInWindow),
    ...(spec.breakdown ? { breakdown: await latencyBreakdown(ctx.stack.brokers, ctx.engine.prefix, step) } : {}),
  };
}

function loadInput(ctx: StepContext, door: InputDoor): LoadInput {
  switch (door) {
    case 'kafka':
      return { kind: 'kafka', brokers: ctx.stack.brokers, topic: topicNames(ctx.engine.prefix).events, keyByProject: inputKeying.byProject };
    case 'http': {
      const ingest = ctx.engine.apps.get('ingest');
      if (ingest === undefined) throw new Error('no ingest app to publish to');
      return { kind: 'http', ingestUrl: `http://127.0.0.1:${ingest.port}`, apiKey: ctx.tenant.projectKey };
    }
    default: {
      const never: never = door;
      throw new Error(`unknown input door ${String(never)}`);
    }
  }
}

/** Everything the bench started, each measured on its own: the apps, the broker, Postgres with its backends, the load generator, the receiver, and the bench itself. */
function trackedProcesses(ctx: StepContext): TrackedProcess[] {
  const tracked: TrackedProcess[] = [];
  for (const [name, app] of ctx.engine.apps) if (app.child.pid !== undefined) tracked.push({ name, pid: app.child.pid, tree: true });
  if (ctx.stack.pids.kafka !== undefined) tracked.push({ name: 'kafka', pid: ctx.stack.pids.kafka, tree: true });
  if (ctx.stack.pids.postgres !== undefined) tracked.push({ name: 'postgres', pid: ctx.stack.pids.postgres, tree: true });
  tracked.push(
    { name: 'loadgen', pid: ctx.load.pid, tree: true },
    { name: 'receiver', pid: ctx.receiver.pid, tree: true },
    { name: 'bench', pid: process.pid, tree: false },
  );
  return tracked;
}

/** The projector's own lag gauges (facts not yet projected, age of the oldest), summed over partitions. */
async function projectorLag(engine: EngineUnderTest): Promise<{ facts: number | null; seconds: number | null }> {
  const projector = engine.apps.get('projector');
  if (projector === undefined) return { facts: null, seconds: null };
  const response = await fetch(`http://127.0.0.1:${projector.port}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { facts: sumOfMetric(text, 'hookline_projector_lag_facts') ?? null, seconds: maxOfMetric(text, 'hookline_projector_lag_seconds') ?? null };
}

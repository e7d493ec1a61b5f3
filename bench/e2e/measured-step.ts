import type { Producer } from 'kafkajs';
import { topicNames } from '@hookline/contracts';
import type { EngineUnderTest } from './engine-under-test';
import type { EndpointGroup } from './bench-tenant';
import { latencyBreakdown, type LatencyBreakdown } from './latency-breakdown';
import { balanceLedger, pairKey, type Ledger } from './ledger';
import { startLoad } from './load-generator';
import type { LoopbackReceiver } from './loopback-receiver';
import { summarize, type LatencySummary } from './percentiles';
import { sampleProcess, usageBetween, type ProcessSample, type ProcessUsage } from './process-stats';
import { maxOfMetric, sumOfMetric } from './prometheus-text';
import { backlogSlope, judgeStep, type BacklogSample, type StepVerdict } from './ramp';
import { readUnfinishedWork } from './unfinished-work';

export interface StepSpec {
  readonly label: string;
  readonly fanOut: number;
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
  readonly brokers: readonly string[];
  readonly producer: Producer;
  readonly receiver: LoopbackReceiver;
  readonly projectId: string;
  readonly groups: ReadonlyMap<number, EndpointGroup>;
  readonly log: (line: string) => void;
}

export interface StepResult {
  readonly spec: StepSpec;
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
  /** CPU over the measured window and RSS at its end, per engine process and for the bench process itself. */
  readonly processes: Record<string, ProcessUsage>;
  readonly breakdown?: LatencyBreakdown;
}

let stepCounter = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One open-loop run at a fixed rate: warm-up, measured window, drain, ledger. */
export async function runMeasuredStep(ctx: StepContext, spec: StepSpec): Promise<StepResult> {
  const group = ctx.groups.get(spec.fanOut);
  if (group === undefined) throw new Error(`no endpoints for fan-out ${spec.fanOut}`);
  stepCounter += 1;
  const step = `s${stepCounter}`;
  const recorder = ctx.receiver.recorder(step);
  const startMs = Date.now() + 200;
  const window = { startMs: startMs + spec.warmupMs, endMs: startMs + spec.warmupMs + spec.measureMs };
  const load = startLoad({
    producer: ctx.producer,
    topic: topicNames(ctx.engine.prefix).events,
    step,
    eventType: group.eventType,
    projectId: ctx.projectId,
    payloadBytes: spec.payloadBytes,
    schedule: { startMs, ratePerSecond: spec.rate },
    durationMs: spec.warmupMs + spec.measureMs,
    keyByProject: inputKeying.byProject,
  });

  const outstanding = () => load.acked() * spec.fanOut - recorder.delivered.size;
  await sleep(window.startMs - Date.now());
  const before = sampleAll(ctx.engine);
  const backlog: BacklogSample[] = [];
  while (Date.now() < window.endMs) {
    backlog.push({ atMs: Date.now(), outstanding: outstanding() });
    await sleep(Math.min(500, window.endMs - Date.now()));
  }
  const after = sampleAll(ctx.engine);
  const elapsed = after.at - before.at;
  const processes: Record<string, ProcessUsage> = {};
  for (const [name, sample] of after.samples) {
    const first = before.samples.get(name);
    if (first !== undefined) processes[name] = usageBetween(first, sample, elapsed);
  }

  const loaded = await load.done;
  const expected = loaded.publishedSeqs.length * spec.fanOut;
  const drainStart = Date.now();
  while (recorder.delivered.size < expected && Date.now() - drainStart < spec.drainMs) await sleep(100);
  const drainedInMs = recorder.delivered.size >= expected ? Date.now() - drainStart : null;

  const inFlight = new Set<string>();
  const failed = new Set<string>();
  if (drainedInMs === null) {
    ctx.log(`${spec.label}: ${expected - recorder.delivered.size} deliveries still missing after the drain; reading the engine's unfinished work`);
    const work = await readUnfinishedWork(ctx.brokers, ctx.engine.prefix);
    const indexOf = new Map(group.endpointIds.map((id, i) => [id, i]));
    const everyEndpoint = group.endpointIds.map((_, i) => i);
    for (const record of work.inFlight) {
      if (record.marker.step !== step) continue;
      const endpoints = record.endpointId === undefined ? everyEndpoint : [indexOf.get(record.endpointId) ?? -1];
      for (const e of endpoints) inFlight.add(pairKey(e, record.marker.seq));
    }
    for (const marker of work.deadLettered) {
      if (marker.step === step) for (const e of everyEndpoint) failed.add(pairKey(e, marker.seq));
    }
  }
  // Drawn after the unfinished work was read: anything that finished meanwhile shows as delivered.
  const ledger = balanceLedger({ publishedSeqs: loaded.publishedSeqs, endpoints: spec.fanOut, delivered: recorder.delivered, failed, inFlight, duplicates: recorder.duplicates });
  const latencyMs = summarize(recorder.latenciesOfEventsDueWithin(window));
  const deliveriesPerSecond = recorder.deliveredWithin(window) / (spec.measureMs / 1000);
  const slope = backlogSlope(backlog);
  const verdict = judgeStep({ targetRate: spec.rate, offeredRate: loaded.offeredRate, fanOut: spec.fanOut, deliveriesPerSecond, p99Ms: latencyMs.p99, backlogSlope: slope });
  return {
    spec,
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
    processes,
    ...(spec.breakdown ? { breakdown: await latencyBreakdown(ctx.brokers, ctx.engine.prefix, step) } : {}),
  };
}

function sampleAll(engine: EngineUnderTest): { at: number; samples: Map<string, ProcessSample> } {
  const samples = new Map<string, ProcessSample>();
  for (const [name, app] of engine.apps) {
    if (app.child.pid !== undefined) samples.set(name, sampleProcess(app.child.pid));
  }
  samples.set('bench', sampleProcess(process.pid));
  return { at: Date.now(), samples };
}

/** The projector's own lag gauges (facts not yet projected, age of the oldest), summed over partitions. */
async function projectorLag(engine: EngineUnderTest): Promise<{ facts: number | null; seconds: number | null }> {
  const projector = engine.apps.get('projector');
  if (projector === undefined) return { facts: null, seconds: null };
  const response = await fetch(`http://127.0.0.1:${projector.port}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { facts: sumOfMetric(text, 'hookline_projector_lag_facts') ?? null, seconds: maxOfMetric(text, 'hookline_projector_lag_seconds') ?? null };
}

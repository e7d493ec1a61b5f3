import { randomBytes } from 'node:crypto';
import { startBenchStack, type BenchStack } from '../e2e/bench-stack';
import { httpPool } from '../e2e/event-publishers';
import { pairKey } from '../e2e/ledger';
import { startLoadGenerator, type LoadGenerator } from '../e2e/load-client';
import type { LoadInput } from '../e2e/load-generator';
import { startLoopbackReceiver, type LoopbackReceiver } from '../e2e/loopback-receiver';
import { summarize, type LatencySummary } from '../e2e/percentiles';
import type { ProcessUsage } from '../e2e/process-stats';
import { backlogSlope, judgeStep, type BacklogSample, type StepVerdict } from '../e2e/ramp';
import { writeResults } from '../e2e/report';
import { sampleWindowEnd, windowUsage, type TrackedProcess } from '../e2e/window-usage';
import { repoRoot } from '../../tools/local-stack/repo-root';
import { Kafka, logLevel } from 'kafkajs';
import { startFloorPipeline, type FloorHops, type FloorPipeline } from './floor-pipeline';
import { DEFAULT_FLOOR_STEPS, parseFloorSteps, type FloorStep } from './floor-steps';

const WARMUP_MS = 5_000;
const MEASURE_MS = 12_000;
const DRAIN_MS = 20_000;
const PAYLOAD_BYTES = 1024;
/**
 * A fresh broker's JIT compiles for its first minutes and costs a third of its
 * CPU meanwhile (BENCHMARKS.md, fourth pass): unmeasured load first, so the
 * floor is not charged for a cold broker.
 */
const DEFAULT_WARM_UP_S = 60;
const WARM_UP_RATE = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string): void => void process.stdout.write(`[floor] ${line}\n`);

export interface FloorResult {
  readonly step: FloorStep;
  readonly hops: FloorHops;
  readonly offeredRate: number;
  readonly deliveriesPerSecond: number;
  readonly latencyMs: LatencySummary;
  readonly verdict: StepVerdict;
  /** Deliveries owed for acknowledged events that had not arrived when the drain ended. */
  readonly lost: number;
  readonly machineCpuPercent: number;
  readonly processCores: Record<string, number>;
}

/**
 * `npm run bench -- floor [--steps=http/200,kafka/1000x10,…] [--warm-up-s=N] [--bare]`:
 * the least an engine built to DESIGN.md from the same parts (Kafka through
 * kafkajs, Node) does per event, measured with the e2e bench's load
 * generator, receiver and broker: a door that writes a job per (event,
 * endpoint) and an accepted record, a dispatcher that POSTs each job and
 * writes an attempt record before committing (floor-pipeline.ts). No
 * Postgres, projector, dedupe, transactions, signing or retries. A target
 * the floor misses, or meets only on a full machine, the engine cannot meet
 * here. Method: BENCHMARKS.md ("The floor").
 */
export async function runFloorBench(args: readonly string[]): Promise<FloorResult[]> {
  const stepsArg = args.find((a) => a.startsWith('--steps='));
  const hops: FloorHops = args.includes('--bare') ? 'bare' : 'design';
  const steps = parseFloorSteps(stepsArg === undefined ? DEFAULT_FLOOR_STEPS : stepsArg.slice('--steps='.length));
  const warmUpSeconds = Number(args.find((a) => a.startsWith('--warm-up-s='))?.slice('--warm-up-s='.length) ?? DEFAULT_WARM_UP_S);
  if (!(warmUpSeconds >= 0)) throw new Error('--warm-up-s needs a number of seconds');
  const stack = await startBenchStack(log);
  const receiver = await startLoopbackReceiver();
  const load = await startLoadGenerator();
  const results: FloorResult[] = [];
  try {
    if (warmUpSeconds > 0) await warmUp({ stack, receiver, load }, warmUpSeconds, hops);
    for (const step of steps) {
      // A fresh pipeline per step, as the e2e ramps get a fresh engine: no step inherits another's backlog.
      const pipeline = await startFloorPipeline(stack, receiver, { ...step, hops });
      try {
        await provePipeline({ stack, receiver, load, pipeline });
        const result = await runFloorStep({ stack, receiver, load, pipeline }, step, hops);
        log(describe(result));
        results.push(result);
      } finally {
        await pipeline.stop();
      }
    }
  } finally {
    await Promise.all([load.close(), receiver.close()]);
    await stack.stop();
  }
  log(`results: ${writeResults(repoRoot(__dirname), 'floor', results)}`);
  return results;
}

interface Harness {
  readonly stack: BenchStack;
  readonly receiver: LoopbackReceiver;
  readonly load: LoadGenerator;
}

interface FloorContext extends Harness {
  readonly pipeline: FloorPipeline;
}

async function warmUp(harness: Harness, seconds: number, hops: FloorHops): Promise<void> {
  log(`warming the broker up: ${seconds} s at ${WARM_UP_RATE}/s over HTTP, unmeasured`);
  const pipeline = await startFloorPipeline(harness.stack, harness.receiver, { input: 'http', fanOut: 1, hops });
  try {
    await provePipeline({ ...harness, pipeline });
    const step = `fw${randomBytes(3).toString('hex')}`;
    await harness.receiver.record(step);
    const load = await harness.load.start({
      step,
      input: inputOf(harness, pipeline, 'http'),
      eventTypes: ['message.sent'],
      projectId: 'floor',
      payloadBytes: PAYLOAD_BYTES,
      schedule: { startMs: Date.now() + 200, ratePerSecond: WARM_UP_RATE },
      durationMs: seconds * 1000,
    });
    await load.done;
  } finally {
    await pipeline.stop();
  }
}

function inputOf(harness: Harness, pipeline: FloorPipeline, input: FloorStep['input']): LoadInput {
  if (input === 'kafka') return { kind: 'kafka', brokers: harness.stack.brokers, topic: pipeline.inputTopic, keyByProject: false };
  if (pipeline.doorUrl === undefined) throw new Error('HTTP input needs a pipeline with a door');
  return { kind: 'http', ingestUrl: pipeline.doorUrl, apiKey: 'floor' };
}

/** One event through the pipeline to the receiver, so a step starts on a pipeline whose consumers have joined their groups. */
async function provePipeline(ctx: FloorContext): Promise<void> {
  const step = `fp${randomBytes(3).toString('hex')}`;
  await ctx.receiver.record(step);
  const body = JSON.stringify({ id: `${step}-0`, data: { bench: `${step}:0:${Date.now()}` } });
  if (ctx.pipeline.doorUrl !== undefined) {
    const pool = httpPool(ctx.pipeline.doorUrl);
    try {
      const response = await pool.request({ path: '/v1/events', method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.body.dump();
      if (response.statusCode !== 202) throw new Error(`the floor door answered ${response.statusCode}`);
    } finally {
      await pool.close();
    }
  } else {
    const producer = new Kafka({ clientId: 'hookline-bench-floor-probe', brokers: ctx.stack.brokers, logLevel: logLevel.ERROR }).producer();
    await producer.connect();
    try {
      await producer.send({ topic: ctx.pipeline.inputTopic, acks: -1, messages: [{ key: `${step}-0`, value: body }] });
    } finally {
      await producer.disconnect();
    }
  }
  const deadline = Date.now() + 60_000;
  while ((await ctx.receiver.delivered(step)) < 1) {
    if (Date.now() > deadline) throw new Error('the floor pipeline did not deliver its first event within 60 s');
    await sleep(100);
  }
}

async function runFloorStep(ctx: FloorContext, step: FloorStep, hops: FloorHops): Promise<FloorResult> {
  const name = `fl${randomBytes(3).toString('hex')}`;
  await ctx.receiver.record(name);
  const startMs = Date.now() + 200;
  const window = { startMs: startMs + WARMUP_MS, endMs: startMs + WARMUP_MS + MEASURE_MS };
  const load = await ctx.load.start({
    step: name,
    input: inputOf(ctx, ctx.pipeline, step.input),
    eventTypes: ['message.sent'],
    projectId: 'floor',
    payloadBytes: PAYLOAD_BYTES,
    schedule: { startMs, ratePerSecond: step.rate },
    durationMs: WARMUP_MS + MEASURE_MS,
  });
  const tracked = trackedProcesses(ctx);
  const outstanding = async () => (await load.acked()) * step.fanOut - (await ctx.receiver.delivered(name));
  await sleep(window.startMs - Date.now());
  const before = await sampleWindowEnd(tracked, new Map());
  const backlog: BacklogSample[] = [];
  while (Date.now() < window.endMs) {
    backlog.push({ atMs: Date.now(), outstanding: await outstanding() });
    await sleep(Math.min(500, window.endMs - Date.now()));
  }
  const usage = windowUsage(before, await sampleWindowEnd(tracked, new Map()));
  const loaded = await load.done;
  const drainStart = Date.now();
  const owed = loaded.publishedSeqs.length * step.fanOut;
  while ((await ctx.receiver.delivered(name)) < owed && Date.now() - drainStart < DRAIN_MS) await sleep(100);
  const recorder = await ctx.receiver.arrivals(name);
  const latencyMs = summarize(recorder.latenciesOfEventsDueWithin(window));
  const deliveriesPerSecond = recorder.deliveredWithin(window) / (MEASURE_MS / 1000);
  return {
    step,
    hops,
    offeredRate: loaded.offeredRate,
    deliveriesPerSecond,
    latencyMs,
    verdict: judgeStep({
      targetRate: step.rate,
      offeredRate: loaded.offeredRate,
      fanOut: step.fanOut,
      deliveriesPerSecond,
      p99Ms: latencyMs.p99,
      backlogSlope: backlogSlope(backlog),
    }),
    lost: loaded.publishedSeqs.reduce((n, seq) => n + endpoints(step).filter((e) => !recorder.delivered.has(pairKey(e, seq))).length, 0),
    machineCpuPercent: usage.machine.busyShare * 100,
    processCores: Object.fromEntries(Object.entries(usage.processes).map(([n, u]: [string, ProcessUsage]) => [n, u.cpuCores])),
  };
}

function endpoints(step: FloorStep): number[] {
  return Array.from({ length: step.fanOut }, (_, i) => i);
}

function trackedProcesses(ctx: FloorContext): TrackedProcess[] {
  const tracked: TrackedProcess[] = [...ctx.pipeline.pids].map(([name, pid]) => ({ name, pid, tree: true }));
  if (ctx.stack.pids.kafka !== undefined) tracked.push({ name: 'kafka', pid: ctx.stack.pids.kafka, tree: true });
  if (ctx.stack.pids.postgres !== undefined) tracked.push({ name: 'postgres (idle)', pid: ctx.stack.pids.postgres, tree: true });
  tracked.push({ name: 'loadgen', pid: ctx.load.pid, tree: true }, { name: 'receiver', pid: ctx.receiver.pid, tree: true });
  return tracked;
}

function describe(r: FloorResult): string {
  const cores = Object.entries(r.processCores)
    .map(([n, c]) => `${n} ${c.toFixed(2)}`)
    .join(', ');
  const held = r.verdict.sustained ? 'sustained' : `not sustained (${r.verdict.reasons.join('; ')})`;
  return (
    `${r.hops} ${r.step.input}/${r.step.rate}${r.step.fanOut > 1 ? `x${r.step.fanOut}` : ''}: offered ${r.offeredRate.toFixed(0)} events/s, delivered ${r.deliveriesPerSecond.toFixed(0)}/s, ${held}; ` +
    `p50 ${r.latencyMs.p50.toFixed(0)} / p99 ${r.latencyMs.p99.toFixed(0)} ms; machine ${r.machineCpuPercent.toFixed(0)} %; cores: ${cores}; ` +
    `${r.lost} deliveries missing after the drain`
  );
}

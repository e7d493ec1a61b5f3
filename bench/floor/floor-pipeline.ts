import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createKafka, ensureTopics } from '@hookline/kafka';
import type { BenchStack } from '../e2e/bench-stack';
import { forkBenchWorker, type BenchWorker } from '../e2e/bench-worker';
import type { LoopbackReceiver } from '../e2e/loopback-receiver';
import type { FloorInput } from './floor-steps';

/** The engine's default in-flight cap per endpoint. */
const CONCURRENCY = 10;
/** As the engine's topics (HOOKLINE_PARTITIONS). */
const PARTITIONS = 6;
/** A bench run's worth: the broker is thrown away after it anyway. */
const RETENTION_MS = 3_600_000;

/**
 * `design`: the hops DESIGN.md asks of any engine — a door writes a job per
 * (event, endpoint) keyed by endpoint and an accepted fact, and Kafka input
 * goes through a relay (ingest's Kafka door) to do so. `bare`: the HTTP door
 * writes each event once, Kafka input is produced straight onto the jobs
 * topic, and the dispatcher fans out.
 */
export type FloorHops = 'design' | 'bare';

export interface FloorShape {
  readonly input: FloorInput;
  readonly fanOut: number;
  readonly hops: FloorHops;
}

export interface FloorPipeline {
  /** Where Kafka input is produced. */
  readonly inputTopic: string;
  /** `http://127.0.0.1:<port>` of the HTTP door (HTTP input only). */
  readonly doorUrl?: string;
  /** Its processes by name (door or relay, dispatcher), measured apart. */
  readonly pids: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

type Worker = BenchWorker<Record<string, never>, { port?: number }>;

/**
 * A fresh floor pipeline on its own topics, with only the processes its
 * input needs: the door (floor-door.worker.ts) for HTTP, the relay
 * (floor-relay.worker.ts) for Kafka with the design's hops, and the
 * dispatcher (floor-dispatcher.worker.ts) POSTing each job to the receiver
 * at `/floor/0` … `/floor/<fanOut − 1>`.
 */
export async function startFloorPipeline(stack: BenchStack, receiver: LoopbackReceiver, shape: FloorShape): Promise<FloorPipeline> {
  const prefix = `floor${randomBytes(3).toString('hex')}.`;
  const topics = { events: `${prefix}events`, jobs: `${prefix}deliveries`, log: `${prefix}delivery-log` };
  await ensureTopics(
    createKafka({ brokers: stack.brokers, clientId: 'hookline-bench-floor-admin', quiet: true }),
    Object.values(topics).map((topic) => ({ topic, numPartitions: PARTITIONS, retentionMs: RETENTION_MS })),
  );
  const env = {
    FLOOR_BROKERS: stack.brokers.join(','),
    FLOOR_EVENTS_TOPIC: topics.events,
    FLOOR_JOBS_TOPIC: topics.jobs,
    FLOOR_FAN_OUT: String(shape.fanOut),
  };
  const design = shape.hops === 'design';
  const workers = new Map<string, Worker>();
  const stop = async () => {
    await Promise.all([...workers.values()].map((worker) => worker.stop()));
  };
  try {
    workers.set(
      'dispatcher',
      await forkBenchWorker(join(__dirname, 'floor-dispatcher.worker.js'), {
        ...env,
        FLOOR_LOG_TOPIC: topics.log,
        FLOOR_TARGET_URL: `${receiver.baseUrl}/floor/0`,
        FLOOR_CONCURRENCY: String(CONCURRENCY),
      }),
    );
    if (shape.input === 'http') {
      workers.set('door', await forkBenchWorker(join(__dirname, 'floor-door.worker.js'), { ...env, ...(design ? { FLOOR_LOG_TOPIC: topics.log } : {}) }));
    } else if (design) {
      workers.set('relay', await forkBenchWorker(join(__dirname, 'floor-relay.worker.js'), { ...env, FLOOR_LOG_TOPIC: topics.log }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const port = workers.get('door')?.ready.port;
  return {
    inputTopic: design ? topics.events : topics.jobs,
    ...(port === undefined ? {} : { doorUrl: `http://127.0.0.1:${port}` }),
    pids: new Map([...workers].map(([name, worker]) => [name, worker.pid])),
    stop,
  };
}

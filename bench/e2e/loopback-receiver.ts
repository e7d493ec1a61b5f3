import { join } from 'node:path';
import { ArrivalRecorder, type ArrivalSnapshot } from './arrival-recorder';
import { forkBenchWorker } from './bench-worker';

/** Calls the bench makes to the receiver process (receiver.worker.ts). */
export type ReceiverProtocol = {
  /** Start recording a step; arrivals of steps nobody asked for are counted as stray. */
  record: { request: { step: string }; response: null };
  /** First deliveries of a step so far (the backlog and the drain poll this). */
  delivered: { request: { step: string }; response: number };
  snapshot: { request: { step: string }; response: ArrivalSnapshot };
  stats: { request: Record<string, never>; response: { requests: number; stray: number } };
};

export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The receiver's own process, measured apart from the engine. */
  readonly pid: number;
  record(step: string): Promise<void>;
  delivered(step: string): Promise<number>;
  /** Everything recorded of a step, copied into this process. */
  arrivals(step: string): Promise<ArrivalRecorder>;
  stats(): Promise<{ requests: number; stray: number }>;
  close(): Promise<void>;
}

/**
 * The webhook receiver on loopback, in its own process so its CPU is not the
 * engine's or the load generator's. `delayMs` is the default answer delay;
 * an endpoint URL with `?delay_ms=` overrides it.
 */
export async function startLoopbackReceiver(delayMs = 0): Promise<LoopbackReceiver> {
  const worker = await forkBenchWorker<ReceiverProtocol, { port: number }>(join(__dirname, 'receiver.worker.js'), { RECEIVER_DELAY_MS: String(delayMs) });
  return {
    baseUrl: `http://127.0.0.1:${worker.ready.port}`,
    pid: worker.pid,
    record: (step) => worker.call('record', { step }).then(() => undefined),
    delivered: (step) => worker.call('delivered', { step }),
    arrivals: async (step) => ArrivalRecorder.restore(await worker.call('snapshot', { step })),
    stats: () => worker.call('stats', {}),
    close: () => worker.stop(),
  };
}

import { join } from 'node:path';
import { forkBenchWorker } from './bench-worker';
import type { LoadResult, LoadSpec } from './load-generator';

/** Calls the bench makes to the load generator process (load-generator.worker.ts). */
export type LoadGeneratorProtocol = {
  /** Starts a step's open-loop load; answers once it is scheduled. */
  start: { request: LoadSpec; response: null };
  /** Events acknowledged so far (the backlog polls this). */
  acked: { request: { step: string }; response: number };
  /** Waits for the step's last send to settle. */
  result: { request: { step: string }; response: LoadResult };
};

export interface StartedLoad {
  acked(): Promise<number>;
  readonly done: Promise<LoadResult>;
}

export interface LoadGenerator {
  /** Its own process, measured apart from the engine. */
  readonly pid: number;
  start(spec: LoadSpec): Promise<StartedLoad>;
  close(): Promise<void>;
}

/** The load generator in its own process, so its CPU is neither the engine's nor the receiver's. */
export async function startLoadGenerator(): Promise<LoadGenerator> {
  const worker = await forkBenchWorker<LoadGeneratorProtocol, Record<string, never>>(join(__dirname, 'load-generator.worker.js'));
  return {
    pid: worker.pid,
    start: async (spec) => {
      await worker.call('start', spec);
      const done = worker.call('result', { step: spec.step });
      done.then(
        (result) => {
          if (result.firstError !== undefined)
            process.stderr.write(`[bench] ${result.failedSends} events of ${spec.step} failed to send; first error: ${result.firstError}\n`);
        },
        () => undefined, // the caller awaits done and sees the error
      );
      return { acked: () => worker.call('acked', { step: spec.step }), done };
    },
    close: () => worker.stop(),
  };
}

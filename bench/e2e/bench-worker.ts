import { fork, type ChildProcess } from 'node:child_process';
import { stopChild } from '../../tools/local-stack/stop-child';

/**
 * The load generator and the receiver run as worker processes of the bench,
 * so the CPU they burn is theirs and not the engine's or the orchestrator's,
 * and so they never share an event loop with each other. They are driven over
 * Node's IPC channel with typed calls: a protocol names each call's request
 * and response.
 */
export type Protocol = Record<string, { readonly request: unknown; readonly response: unknown }>;

type Call = { readonly id: number; readonly type: string; readonly request: unknown };
type Reply = { readonly id: number; readonly ok: true; readonly response: unknown } | { readonly id: number; readonly ok: false; readonly message: string };
type Ready = { readonly ready: unknown };

export interface BenchWorker<P extends Protocol, R> {
  readonly pid: number;
  /** What the worker said when it was ready (the receiver's port). */
  readonly ready: R;
  call<K extends keyof P & string>(type: K, request: P[K]['request']): Promise<P[K]['response']>;
  stop(): Promise<void>;
}

/** Starts `<dir>/<script>.js` with an IPC channel and waits for its ready message. */
export async function forkBenchWorker<P extends Protocol, R>(scriptPath: string, env: NodeJS.ProcessEnv = {}): Promise<BenchWorker<P, R>> {
  // Structured clone over IPC: Sets and big number arrays cross as they are.
  const child: ChildProcess = fork(scriptPath, [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  const ready = await new Promise<R>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`bench worker ${scriptPath} exited (${signal ?? code}) before it was ready`)));
    child.on('message', (message: Ready | Reply) => {
      if ('ready' in message) {
        resolve(message.ready as R);
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.response);
      else waiter?.reject(new Error(message.message));
    });
  });
  child.removeAllListeners('exit');
  child.removeAllListeners('error');
  child.once('exit', (code, signal) => failAll(new Error(`bench worker ${scriptPath} exited (${signal ?? code})`)));
  child.on('error', (error) => failAll(error));
  const pid = child.pid as number;
  return {
    pid,
    ready,
    call: (type, request) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, type, request } satisfies Call, (error) => {
          if (error === null) return;
          pending.delete(id);
          reject(error);
        });
      }),
    stop: () => stopChild(child, 'SIGTERM', 10_000).then(() => undefined),
  };
}

type Handlers<P extends Protocol> = { readonly [K in keyof P]: (request: P[K]['request']) => P[K]['response'] | Promise<P[K]['response']> };

/** The worker side: answers each call with its handler, says it is ready, and exits when the bench goes away. */
export function serveBenchWorker<P extends Protocol>(handlers: Handlers<P>, ready: unknown, onStop: () => Promise<void>): void {
  const send = (message: Reply | Ready) => process.send?.(message);
  process.on('message', (message: Call) => {
    const handler = handlers[message.type as keyof P];
    Promise.resolve()
      .then(() => {
        if (handler === undefined) throw new Error(`unknown call ${message.type}`);
        return handler(message.request as P[keyof P]['request']);
      })
      .then(
        (response) => send({ id: message.id, ok: true, response }),
        (error: unknown) => send({ id: message.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  const stop = () => {
    void onStop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The channel closes when the bench exits, however it exits: never outlive it.
  process.once('disconnect', stop);
  send({ ready });
}

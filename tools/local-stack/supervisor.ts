import { decide, DEFAULT_RESTART_POLICY, type RestartPolicy, type Run } from './restart-policy';
import { describeExit, type ExitStatus } from './stop-child';

/** One life of a supervised process, as its starter hands it over. */
export interface RunningProcess {
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  /** Stops it gracefully (and kills it if it will not); resolves once it is gone. */
  stop(): Promise<void>;
}

/** Something the supervisor can (re)start: an app, the broker, Postgres. */
export interface SupervisedProcess {
  readonly name: string;
  /**
   * Starts a new life and resolves once it is usable (ready), or rejects.
   * When `abort` fires, the starter stops whatever it began and rejects soon.
   */
  start(abort: AbortSignal): Promise<RunningProcess>;
}

export interface SupervisorOptions {
  readonly log: (line: string) => void;
  readonly policy?: RestartPolicy;
  readonly now?: () => number;
  /** Told of every exit not caused by stop(): a fault suite records them as disruptions. */
  readonly onExit?: (name: string, status: ExitStatus, at: number) => void;
}

interface Entry {
  readonly process: SupervisedProcess;
  readonly history: Run[];
  running: RunningProcess | undefined;
  /** Set while a restart is waiting out its delay or starting. */
  pending: Promise<void> | undefined;
  restarts: number;
  readonly waiters: Array<(running: RunningProcess) => void>;
}

/**
 * Keeps processes running: when one exits on its own, it is started again
 * after the delay restart-policy.ts decides, with a log line naming it, how it
 * ended and the delay. stop() ends everything in the order given and cancels
 * pending restarts, so nothing it started outlives it.
 */
export class Supervisor {
  private readonly entries = new Map<string, Entry>();
  private readonly stopping = new AbortController();
  private stopped: Promise<void> | undefined;
  private readonly log: (line: string) => void;
  private readonly policy: RestartPolicy;
  private readonly now: () => number;
  private readonly onExit: SupervisorOptions['onExit'];

  constructor(options: SupervisorOptions) {
    this.onExit = options.onExit;
    this.log = options.log;
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
    this.now = options.now ?? Date.now;
  }

  /** Watches a process that was started outside (the first life of the broker and Postgres). */
  adopt(process: SupervisedProcess, running: RunningProcess): void {
    const entry = this.entry(process);
    entry.history.push({ startedAt: this.now(), endedAt: null });
    this.log(`${process.name} running (pid ${running.pid})`);
    this.watch(entry, running);
  }

  /** Starts a process and watches it. A failed first start is the caller's error, not retried. */
  async start(process: SupervisedProcess): Promise<RunningProcess> {
    const entry = this.entry(process);
    entry.history.push({ startedAt: this.now(), endedAt: null });
    const running = await process.start(this.stopping.signal);
    this.log(`${process.name} running (pid ${running.pid})`);
    this.watch(entry, running);
    return running;
  }

  /** The pid of the process's current life, if it runs. */
  pid(name: string): number | undefined {
    return this.entries.get(name)?.running?.pid;
  }

  restarts(name: string): number {
    return this.entries.get(name)?.restarts ?? 0;
  }

  /** Resolves with the next life of `name` once it is running (for whoever caused its death). */
  nextStart(name: string): Promise<RunningProcess> {
    const entry = this.entries.get(name);
    if (entry === undefined) return Promise.reject(new Error(`${name} is not supervised`));
    return new Promise((resolve) => entry.waiters.push(resolve));
  }

  /**
   * Stops everything, one group after the other (each group in parallel):
   * apps before the broker and Postgres they drain into. Pending restarts are
   * cancelled and a start in progress is aborted and waited for. Idempotent.
   */
  stop(order: readonly (readonly string[])[]): Promise<void> {
    this.stopped ??= this.stopAll(order);
    return this.stopped;
  }

  private async stopAll(order: readonly (readonly string[])[]): Promise<void> {
    this.stopping.abort();
    await Promise.all([...this.entries.values()].map((entry) => entry.pending));
    const named = new Set(order.flat());
    const groups = [...order, [...this.entries.keys()].filter((name) => !named.has(name))];
    for (const group of groups) {
      await Promise.all(group.map(async (name) => this.entries.get(name)?.running?.stop()));
    }
  }

  private entry(process: SupervisedProcess): Entry {
    if (this.entries.has(process.name)) throw new Error(`${process.name} is already supervised`);
    const entry: Entry = { process, history: [], running: undefined, pending: undefined, restarts: 0, waiters: [] };
    this.entries.set(process.name, entry);
    return entry;
  }

  private watch(entry: Entry, running: RunningProcess): void {
    entry.running = running;
    for (const wake of entry.waiters.splice(0)) wake(running);
    void running.exited.then((status) => {
      if (entry.running === running) entry.running = undefined;
      this.ended(entry);
      if (this.stopping.signal.aborted) return;
      this.onExit?.(entry.process.name, status, this.now());
      this.scheduleRestart(entry, describeExit(status));
    });
  }

  private ended(entry: Entry): void {
    const last = entry.history[entry.history.length - 1];
    if (last !== undefined && last.endedAt === null) entry.history[entry.history.length - 1] = { ...last, endedAt: this.now() };
  }

  private scheduleRestart(entry: Entry, how: string): void {
    const pending = this.restartLoop(entry, how);
    entry.pending = pending;
    void pending.finally(() => {
      if (entry.pending === pending) entry.pending = undefined;
    });
  }

  /** Waits out the delay and starts the next life; a failed start counts as a short run and waits again. */
  private async restartLoop(entry: Entry, firstHow: string): Promise<void> {
    const signal = this.stopping.signal;
    for (let how = firstHow; ;) {
      const decision = decide(entry.history, this.now(), this.policy);
      if (decision.kind === 'running') return; // cannot happen: the last run has just ended
      const last = entry.history[entry.history.length - 1] as Run;
      const lived = ((last.endedAt ?? last.startedAt) - last.startedAt) / 1000;
      this.log(
        `${entry.process.name} ${how} after ${lived.toFixed(1)} s; restarting in ${(decision.delayMs / 1000).toFixed(0)} s` +
          (decision.streak > 1 ? ` (${decision.streak} exits in a row)` : ''),
      );
      if (!(await delay(decision.delayMs, signal))) return;
      entry.history.push({ startedAt: this.now(), endedAt: null });
      let running: RunningProcess;
      try {
        running = await entry.process.start(signal);
      } catch (error) {
        this.ended(entry);
        if (signal.aborted) return;
        how = `failed to start (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})`;
        continue;
      }
      entry.restarts += 1;
      this.log(`${entry.process.name} running again (pid ${running.pid}, restart ${entry.restarts})`);
      // If stop() began meanwhile, it stops this life through the entry once we return.
      this.watch(entry, running);
      return;
    }
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

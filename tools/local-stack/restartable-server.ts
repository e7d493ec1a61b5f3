import type { RunningProcess, SupervisedProcess } from './supervisor';

/**
 * The broker or Postgres we run, as a handle that outlives each process:
 * start() runs it again on the same data dir and ports, `current` is the life
 * that runs now, stop() stops that one. The supervisor restarts it through
 * start(); the infrastructure's stop() and the fault suite's kills go through
 * `current`, so they always reach the live process, not a dead first one.
 */
export class RestartableServer<Life extends RunningProcess = RunningProcess> implements SupervisedProcess {
  private life: Life | undefined;

  constructor(
    readonly name: string,
    /** Where the server logs, for messages that point at it. */
    readonly logFile: string,
    private readonly launch: (abort: AbortSignal | undefined) => Promise<Life>,
  ) {}

  get current(): Life | undefined {
    return this.life;
  }

  async start(abort?: AbortSignal): Promise<Life> {
    const life = await this.launch(abort);
    this.life = life;
    void life.exited.then(() => {
      if (this.life === life) this.life = undefined;
    });
    return life;
  }

  async stop(): Promise<void> {
    await this.life?.stop();
  }
}

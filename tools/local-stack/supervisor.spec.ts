import type { ExitStatus } from './stop-child';
import { Supervisor, type RunningProcess, type SupervisedProcess } from './supervisor';

/** A process that lives until the test ends it; stop() records the order. */
class FakeLife implements RunningProcess {
  private end!: (status: ExitStatus) => void;
  readonly exited = new Promise<ExitStatus>((resolve) => {
    this.end = resolve;
  });
  constructor(
    readonly pid: number,
    private readonly stops: string[],
    private readonly name: string,
  ) {}
  die(status: ExitStatus): void {
    this.end(status);
  }
  async stop(): Promise<void> {
    this.stops.push(this.name);
    this.end({ code: 0, signal: null });
  }
}

class FakeProcess implements SupervisedProcess {
  readonly lives: FakeLife[] = [];
  /** Starts that should fail, in order, before the next one succeeds. */
  failures = 0;
  private nextPid = 100;
  constructor(
    readonly name: string,
    private readonly stops: string[],
  ) {}
  async start(): Promise<RunningProcess> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('port 8080 is taken\nstack…');
    }
    const life = new FakeLife(this.nextPid++, this.stops, this.name);
    this.lives.push(life);
    return life;
  }
  get current(): FakeLife {
    return this.lives[this.lives.length - 1] as FakeLife;
  }
}

describe('Supervisor', () => {
  let now: number;
  let lines: string[];
  let stops: string[];
  let supervisor: Supervisor;

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
    lines = [];
    stops = [];
    supervisor = new Supervisor({ log: (line) => lines.push(line), now: () => now });
  });
  afterEach(() => jest.useRealTimers());

  /** Lets time pass on both clocks: the policy's and the timers'. */
  const advance = async (ms: number): Promise<void> => {
    now += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('restarts a process that exits after the policy delay, with a log line naming it, how it ended and the delay', async () => {
    const dispatcher = new FakeProcess('dispatcher', stops);
    await supervisor.start(dispatcher);
    expect(lines).toEqual(['dispatcher running (pid 100)']);

    await advance(5_000);
    dispatcher.current.die({ code: null, signal: 'SIGKILL' });
    await advance(0);
    expect(lines[1]).toBe('dispatcher was killed by SIGKILL after 5.0 s; restarting in 1 s');
    await advance(999);
    expect(dispatcher.lives).toHaveLength(1);
    await advance(1);
    expect(dispatcher.lives).toHaveLength(2);
    expect(lines[2]).toBe('dispatcher running again (pid 101, restart 1)');
    expect(supervisor.pid('dispatcher')).toBe(101);
    expect(supervisor.restarts('dispatcher')).toBe(1);
  });

  it('backs off while it keeps crashing, counting failed starts, and tells whoever waits for the next life', async () => {
    const ingest = new FakeProcess('ingest', stops);
    await supervisor.start(ingest);
    ingest.current.die({ code: 1, signal: null });
    await advance(0);
    ingest.failures = 2;
    const next = supervisor.nextStart('ingest');
    await advance(1_000); // restart 1 fails
    await advance(2_000); // restart 2 fails
    await advance(4_000); // restart 3 succeeds
    await expect(next).resolves.toBe(ingest.current);
    expect(lines.slice(1)).toEqual([
      'ingest exited with code 1 after 0.0 s; restarting in 1 s',
      'ingest failed to start (port 8080 is taken) after 0.0 s; restarting in 2 s (2 exits in a row)',
      'ingest failed to start (port 8080 is taken) after 0.0 s; restarting in 4 s (3 exits in a row)',
      'ingest running again (pid 101, restart 1)',
    ]);
  });

  it('watches an adopted process like one it started', async () => {
    const kafka = new FakeProcess('kafka', stops);
    const first = (await kafka.start()) as FakeLife;
    supervisor.adopt(kafka, first);
    first.die({ code: 143, signal: null });
    await advance(1_000);
    expect(kafka.lives).toHaveLength(2);
  });

  it('stops apps before the broker and Postgres, cancels a pending restart, and starts nothing after', async () => {
    const names = ['registry', 'dispatcher', 'kafka', 'postgres'];
    const processes = names.map((name) => new FakeProcess(name, stops));
    for (const p of processes) await supervisor.start(p);
    const dispatcher = processes[1] as FakeProcess;
    dispatcher.current.die({ code: null, signal: 'SIGKILL' }); // restart pending in 1 s
    await advance(0);

    await supervisor.stop([
      ['registry', 'dispatcher'],
      ['kafka', 'postgres'],
    ]);
    expect(stops).toEqual(['registry', 'kafka', 'postgres']);
    await advance(60_000);
    expect(dispatcher.lives).toHaveLength(1);
    expect(lines.filter((line) => line.includes('restarting'))).toHaveLength(1);
  });

  it('stops a life whose start finished after stop() began', async () => {
    let finishStart!: (life: RunningProcess) => void;
    const slow: SupervisedProcess = { name: 'projector', start: () => new Promise((resolve) => (finishStart = resolve)) };
    const first = new FakeLife(1, stops, 'projector');
    supervisor.adopt(slow, first);
    first.die({ code: 1, signal: null });
    await advance(1_000); // the restart is now starting
    const stopped = supervisor.stop([['projector']]);
    const late = new FakeLife(2, stops, 'projector');
    finishStart(late);
    await stopped;
    expect(stops).toEqual(['projector']);
    await expect(late.exited).resolves.toEqual({ code: 0, signal: null });
  });
});

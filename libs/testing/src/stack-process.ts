import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tieChildToOurLifetime } from '../../../tools/local-stack/child-lifetime';

/**
 * `npm start` (the compiled start.js) as a child process whose output the
 * test reads: it waits for lines, and tracks every pid the supervisor reports
 * ("<name> running (pid N)" and "<name> running again (pid N, restart K)").
 */
export class StackProcess {
  readonly lines: string[] = [];
  /** Every life of every supervised process, oldest first. */
  readonly pids = new Map<string, number[]>();
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(root: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [join(root, 'dist', 'tools', 'local-stack', 'start.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // If the test process dies, the stack gets the Ctrl-C a terminal would send it.
    tieChildToOurLifetime(this.child, 'SIGINT');
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream !== null) createInterface({ input: stream }).on('line', (line) => this.receive(line));
    }
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** The pid of the latest life of `name`. */
  current(name: string): number {
    const pid = this.pids.get(name)?.at(-1);
    if (pid === undefined) throw new Error(`no pid seen for ${name}; output so far:\n${this.lines.join('\n')}`);
    return pid;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Resolves with the first line (from `from` on) that matches, or fails after `timeoutMs` with the output. */
  waitForLine(pattern: RegExp, timeoutMs: number, from = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const line = this.lines.slice(from).find((l) => pattern.test(l));
        if (line === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${this.lines.slice(-60).join('\n')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  private receive(line: string): void {
    this.lines.push(line);
    if (process.env.HOOKLINE_TEST_VERBOSE) process.stdout.write(`${line}\n`);
    const started = /^\[stack\] (\S+) running (?:again )?\(pid (\d+)/.exec(line);
    if (started !== null) {
      const [, name, pid] = started as unknown as [string, string, string];
      this.pids.set(name, [...(this.pids.get(name) ?? []), Number(pid)]);
    }
    for (const wake of this.waiters) wake();
  }
}

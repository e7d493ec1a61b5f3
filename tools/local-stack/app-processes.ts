import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tieChildToOurLifetime } from './child-lifetime';
import { childExited, describeExit, stopChild } from './stop-child';
import type { SupervisedProcess } from './supervisor';

export const APP_NAMES = ['registry', 'ingest', 'dispatcher', 'projector'] as const;
export type AppName = (typeof APP_NAMES)[number];

export const DEFAULT_APP_PORTS: Readonly<Record<AppName, number>> = {
  registry: 8080,
  ingest: 8081,
  dispatcher: 8082,
  projector: 8083,
};

export interface AppProcess {
  readonly name: AppName;
  readonly port: number;
  readonly child: ChildProcess;
  /** Resolves with how the process ended, whenever it does. */
  readonly exited: Promise<string>;
}

const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const RESET = '\x1b[0m';

/**
 * Runs one compiled app (`dist/apps/<name>/src/main.js`) on the same Node
 * binary as us (the repo's Node 24, not whatever `node` is on PATH), with each
 * output line prefixed by the app's name so four interleaved logs stay readable.
 */
export function spawnApp(root: string, name: AppName, port: number, env: NodeJS.ProcessEnv): AppProcess {
  const main = join(root, 'dist', 'apps', name, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist; run \`npm run build\` first`);
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    // Own process group: a terminal Ctrl-C reaches only us, and we SIGTERM each
    // app exactly once (a second signal would cut Nest's drain short).
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  tieChildToOurLifetime(child, 'SIGKILL');

  const index = APP_NAMES.indexOf(name);
  const width = Math.max(...APP_NAMES.map((n) => n.length));
  const label = `[${name}]`.padEnd(width + 2);
  const prefix = process.stdout.isTTY ? `${COLOURS[index % COLOURS.length]}${label}${RESET} ` : `${label} `;
  createInterface({ input: child.stdout! }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
  createInterface({ input: child.stderr! }).on('line', (line) => process.stderr.write(`${prefix}${line}\n`));

  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not be started: ${error.message}`));
    void childExited(child).then((status) => resolve(describeExit(status)));
  });
  return { name, port, child, exited };
}

/**
 * Polls the app's `/readyz` until it answers 200. Rejects if the app exits
 * first or takes longer than `timeoutMs` (it connects to Kafka and Postgres
 * and may replay the registry topic, so give it time).
 */
export async function waitUntilReady(app: AppProcess, timeoutMs: number): Promise<void> {
  let ended: string | undefined;
  void app.exited.then((how) => {
    ended = how;
  });
  const url = `http://127.0.0.1:${app.port}/readyz`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ended !== undefined) throw new Error(`${app.name} ${ended} before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet: try again.
    }
    if (Date.now() > deadline) throw new Error(`${app.name} did not answer 200 on ${url} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface SupervisedAppOptions {
  readonly root: string;
  readonly name: AppName;
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  readonly readyTimeoutMs: number;
  /** SIGTERM, then this long to drain, then SIGKILL. */
  readonly stopGraceMs: number;
}

/**
 * An app as the supervisor sees it: each start() spawns a new process on the
 * same port with the same environment and resolves once it is ready; one that
 * never gets ready is killed and counts as a failed start.
 */
export function supervisedApp(options: SupervisedAppOptions): SupervisedProcess {
  const { root, name, port, env, readyTimeoutMs, stopGraceMs } = options;
  return {
    name,
    start: async (abort) => {
      if (abort.aborted) throw new Error(`${name} was not started: the stack is stopping`);
      const app = spawnApp(root, name, port, env);
      const stop = (): Promise<void> => stopChild(app.child, 'SIGTERM', stopGraceMs).then(() => undefined);
      const onAbort = (): void => void stop();
      abort.addEventListener('abort', onAbort, { once: true });
      try {
        await waitUntilReady(app, readyTimeoutMs);
      } catch (error) {
        await stopChild(app.child, 'SIGKILL', 5_000);
        throw error;
      } finally {
        abort.removeEventListener('abort', onAbort);
      }
      return { pid: app.child.pid as number, exited: childExited(app.child), stop };
    },
  };
}

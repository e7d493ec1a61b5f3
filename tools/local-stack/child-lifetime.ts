import { spawn, type ChildProcess } from 'node:child_process';
import { processGroupGone } from './process-group';

/** Children that must die with us, and how. */
const liveChildren = new Map<ChildProcess, NodeJS.Signals>();

/** Watchdogs killed because their child exited, until they and their `sleep` are gone. */
const dyingWatchdogs = new Set<Promise<void>>();

/** How long we wait for a killed watchdog's `sleep` to leave the process table. */
const GROUP_GONE_TIMEOUT_MS = 5_000;

function signalLiveChildren(): void {
  for (const [child, name] of liveChildren) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) signal(child.pid, name);
  }
}

/**
 * Makes sure a long-lived child (the broker, Postgres, an app) dies with us.
 *
 * Our children run in their own process groups (`detached: true`) so that a
 * Ctrl-C in the terminal reaches only the orchestrator, which then stops them
 * in order (apps drain before Kafka and Postgres go away). The price is that
 * nothing kills them any more if we die, so:
 *
 * - on a normal `process.exit` (including one after an uncaught error) an
 *   `exit` hook signals the child synchronously;
 * - if we are SIGKILLed (no hook runs), a tiny detached `sh` watchdog notices
 *   that our pid is gone within a second and signals the child.
 *
 * Both are released as soon as the child exits, so a recycled pid is never hit.
 */
export function tieChildToOurLifetime(child: ChildProcess, signalOnOurDeath: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return; // spawn failed; the caller sees the 'error' event

  // One shared 'exit' listener for all children: a test that runs a few engines
  // at once would otherwise trip Node's 10-listener leak warning.
  if (liveChildren.size === 0) process.on('exit', signalLiveChildren);
  liveChildren.set(child, signalOnOurDeath);

  const watchdog = spawn(
    'sh',
    [
      '-c',
      'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -s "$3" "$2" 2>/dev/null',
      'hookline-watchdog',
      String(process.pid),
      String(pid),
      signalOnOurDeath.replace(/^SIG/, ''),
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  watchdog.on('error', (error) => process.stderr.write(`watchdog for pid ${pid} failed to start: ${error.message}\n`));

  child.once('exit', () => {
    liveChildren.delete(child);
    if (liveChildren.size === 0) process.off('exit', signalLiveChildren);
    if (watchdog.pid === undefined || watchdog.exitCode !== null || watchdog.signalCode !== null) return;
    // Until it is reaped the watchdog still holds the loop (see watchdogsReaped).
    watchdog.ref();
    const watchdogPid = watchdog.pid;
    // Its `sleep` dies with it but is reaped by init, not us: wait for the whole group (process-group.ts).
    const reaped = new Promise<void>((resolve) => watchdog.once('exit', () => resolve())).then(async () => {
      await processGroupGone(watchdogPid, GROUP_GONE_TIMEOUT_MS);
    });
    dyingWatchdogs.add(reaped);
    void reaped.then(() => dyingWatchdogs.delete(reaped));
    // The watchdog leads its own process group: killing the group also takes its `sleep`.
    signal(-watchdog.pid, 'SIGKILL');
  });
}

/**
 * Resolves once every watchdog released so far, and the `sleep` it may have
 * been running, is gone from the process table.
 *
 * A SIGKILL is delivered asynchronously: kill() returns before the target has
 * run its exit, and on a busy machine a watchdog we have just killed can still
 * be listed as running after we exit. Reparented, it would then wake up, see
 * us gone and signal its child's pid, which may by then belong to another
 * process. So whoever exits right after stopping its children (`npm start`)
 * waits for this first: a reaped watchdog can signal nothing.
 */
export async function watchdogsReaped(): Promise<void> {
  while (dyingWatchdogs.size > 0) await Promise.all(dyingWatchdogs);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // ESRCH: it is already gone, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

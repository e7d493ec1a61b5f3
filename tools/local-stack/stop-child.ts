import type { ChildProcess } from 'node:child_process';

/** Resolves once the child has exited (immediately if it already has). */
export function childExited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Asks a child to stop with `signal`, and SIGKILLs it if it has not exited
 * within `graceMs`: a hung broker or app must never hang our shutdown.
 * Resolves once the process is really gone, so callers can free its ports and
 * data directory right after.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<'stopped' | 'killed'> {
  const exited = childExited(child);
  if (child.exitCode !== null || child.signalCode !== null) return 'stopped';
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (inTime) return 'stopped';
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}

import type { ChildProcess } from 'node:child_process';

/** How a process ended: its exit code, or the signal that ended it. */
export type ExitStatus = { readonly code: number; readonly signal: null } | { readonly code: null; readonly signal: NodeJS.Signals };

/** Resolves once the child has exited (immediately if it already has), with how. */
export function childExited(child: ChildProcess): Promise<ExitStatus> {
  const now = statusOf(child);
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => child.once('exit', () => resolve(statusOf(child) ?? { code: -1, signal: null })));
}

function statusOf(child: ChildProcess): ExitStatus | undefined {
  if (child.signalCode !== null) return { code: null, signal: child.signalCode };
  if (child.exitCode !== null) return { code: child.exitCode, signal: null };
  return undefined;
}

/** "exited with code 1", "was killed by SIGKILL". */
export function describeExit(status: ExitStatus): string {
  return status.signal !== null ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
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

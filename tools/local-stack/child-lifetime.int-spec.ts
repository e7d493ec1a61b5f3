import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAlive, processesMentioning } from '@hookline/testing';
import { tieChildToOurLifetime, watchdogsReaped } from './child-lifetime';
import { liveMembersOf } from './process-group';

/** The parent pid from `/proc/<pid>/stat` (fields after the last ')'), or null for a process gone meanwhile. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * The pid of the `sh` watchdog that child-lifetime.ts started for `childPid`.
 * Only our own child counts: each turn of its loop forks `sleep`, and until
 * that fork execs it carries the watchdog's command line too (CI caught one).
 */
function watchdogOf(childPid: number): number {
  const watchdogs = processesMentioning(`hookline-watchdog ${process.pid} ${childPid} `)
    .map((line) => Number.parseInt(line, 10))
    .filter((pid) => parentOf(pid) === process.pid);
  expect(watchdogs).toHaveLength(1);
  return watchdogs[0] as number;
}

describe('a child tied to our lifetime', () => {
  it('has a watchdog while it runs, and once it exits that watchdog is reaped before watchdogsReaped resolves', async () => {
    const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    tieChildToOurLifetime(child, 'SIGKILL');
    const watchdog = watchdogOf(child.pid as number);
    expect(isAlive(watchdog)).toBe(true);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await watchdogsReaped();

    // Not merely dying or a zombie: gone from the process table, so it can never signal a recycled pid.
    expect(existsSync(`/proc/${watchdog}`)).toBe(false);
    // Nor its `sleep`, or a fork of the loop that had not exec'd yet: the whole group is gone.
    expect(liveMembersOf(watchdog)).toEqual([]);
  });

  it('resolves at once when no watchdog is dying', async () => {
    await expect(watchdogsReaped()).resolves.toBeUndefined();
  });
});

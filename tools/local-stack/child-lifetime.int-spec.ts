import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAlive, processesMentioning } from '@hookline/testing';
import { tieChildToOurLifetime, watchdogsReaped } from './child-lifetime';

/** The pid of the `sh` watchdog that child-lifetime.ts started for `childPid`. */
function watchdogOf(childPid: number): number {
  const lines = processesMentioning(`hookline-watchdog ${process.pid} ${childPid} `);
  expect(lines).toHaveLength(1);
  return Number((lines[0] as string).split(':')[0]);
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
  });

  it('resolves at once when no watchdog is dying', async () => {
    await expect(watchdogsReaped()).resolves.toBeUndefined();
  });
});

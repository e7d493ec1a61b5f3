import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Resolves once no live process is left in process group `pgid`, or after
 * `timeoutMs`, with which of the two happened.
 *
 * A group outlives its leader while any member lives: a `sh` loop that is
 * SIGKILLed with its group can be reaped before the `sleep` it had just forked
 * has died, and until that fork execs it carries the loop's command line.
 * Waiting for the group, not only the leader, is what makes "we leave no
 * process behind" true at the moment we exit.
 */
export async function processGroupGone(pgid: number, timeoutMs: number): Promise<'gone' | 'timed out'> {
  const deadline = Date.now() + timeoutMs;
  while (liveMembersOf(pgid).length > 0) {
    if (Date.now() >= deadline) return 'timed out';
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return 'gone';
}

/**
 * The pids of group `pgid`'s live members. Zombies do not count: they can
 * signal nothing, and they stay until init reaps them, which here takes up to
 * a second and a half (`kill(-pgid, 0)` would wait for that). Where there is no
 * /proc, that kill is all we have.
 */
export function liveMembersOf(pgid: number): number[] {
  if (!existsSync('/proc/self/stat')) return groupAnswersSignals(pgid) ? [pgid] : [];
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrNull(`/proc/${entry}/stat`);
    if (stat === null) continue; // gone meanwhile
    // After the command name, which may hold spaces and parentheses: state, ppid, pgrp, …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(entry));
  }
  return members;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function groupAnswersSignals(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // ESRCH: no process in the group. EPERM: members exist that we may not signal.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

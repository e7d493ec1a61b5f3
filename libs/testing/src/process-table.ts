import { readdirSync, readFileSync } from 'node:fs';

/**
 * What /proc says is alive, for tests that must prove nothing was left
 * behind. A zombie (exited, not yet reaped by whoever adopted it) is dead:
 * it holds no port, file or memory.
 */
export function isAlive(pid: number): boolean {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  if (stat === '') return false;
  // "pid (comm) S …": the state follows the last ')' (comm may contain spaces and parentheses).
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/**
 * Every live process whose command line contains `text`, as
 * "pid (state S, ppid P, pgrp G): command line". The parent and the group say
 * whose it is when a test finds one left behind (a watchdog, or a fork of it).
 */
export function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = readOrEmpty(`/proc/${entry}/cmdline`).split('\0').join(' ').trim();
    if (!cmdline.includes(text) || !isAlive(Number(entry))) continue;
    const stat = readOrEmpty(`/proc/${entry}/stat`);
    const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    found.push(`${entry} (state ${state}, ppid ${ppid}, pgrp ${pgrp}): ${cmdline}`);
  }
  return found;
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    // The process ended between listing /proc and reading its files: it is gone.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') return '';
    throw error;
  }
}

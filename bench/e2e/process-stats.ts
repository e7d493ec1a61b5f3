import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One line of `/proc/<pid>/stat`, reduced to what CPU accounting needs (clock ticks). */
export interface StatEntry {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime: CPU the process itself used. */
  readonly ownTicks: number;
  /** cutime + cstime: CPU of its children that exited and that it reaped (Postgres backends, for the postmaster). */
  readonly reapedTicks: number;
  /** stime alone: the part of ownTicks spent in the kernel on the process's behalf (syscalls, page faults). */
  readonly systemTicks: number;
}

/**
 * Parses a `/proc/<pid>/stat` line. The command name may hold spaces and
 * parentheses, so fields are split after the last `)`.
 */
export function parseStatLine(stat: string): StatEntry {
  const pid = Number(stat.slice(0, stat.indexOf(' ')));
  // fields[0] is field 3 (state); ppid is field 4, utime/stime/cutime/cstime are fields 14–17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [ppid, utime, stime, cutime, cstime] = [fields[1], fields[11], fields[12], fields[13], fields[14]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (![pid, ppid, utime, stime, cutime, cstime].every(Number.isFinite)) throw new Error(`unexpected /proc stat line: ${stat.slice(0, 80)}`);
  return { pid, ppid, ownTicks: utime + stime, reapedTicks: cutime + cstime, systemTicks: stime };
}

/** A process and all its descendants (pids), from a process table; the root first. */
export function processTree(root: number, table: ReadonlyMap<number, StatEntry>): number[] {
  const children = new Map<number, number[]>();
  for (const entry of table.values()) {
    const siblings = children.get(entry.ppid);
    if (siblings === undefined) children.set(entry.ppid, [entry.pid]);
    else siblings.push(entry.pid);
  }
  if (!table.has(root)) return [];
  const tree: number[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * CPU ticks of a process tree so far: every member's own time plus what each
 * reaped of its exited children. Between two samples the difference is the
 * tree's CPU over the window, short-lived processes included: a backend that
 * started and exited inside the window shows in its parent's reaped time, one
 * alive at both ends in its own. (A child alive at the start and reaped inside
 * the window counts its pre-window time too: a small overcount, only at churn.)
 */
export function treeCpuTicks(tree: readonly number[], table: ReadonlyMap<number, StatEntry>): number {
  let ticks = 0;
  for (const pid of tree) {
    const entry = table.get(pid);
    if (entry !== undefined) ticks += entry.ownTicks + entry.reapedTicks;
  }
  return ticks;
}

/** A `VmRSS:`-style line of `/proc/<pid>/status` or `Pss:` of `smaps_rollup`, in bytes. */
export function kilobytesField(text: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
  if (match === null) throw new Error(`${field} not found in /proc file`);
  return Number(match[1]) * 1024;
}

/** Every process's stat line now; processes that exit while we read are skipped. */
export function readProcessTable(): Map<number, StatEntry> {
  const table = new Map<number, StatEntry>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readIfAlive(`/proc/${name}/stat`);
    if (stat !== undefined) table.set(Number(name), parseStatLine(stat));
  }
  return table;
}

function readIfAlive(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // The process exited between readdir and read: it is simply not in this sample.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    throw error;
  }
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** CPU time and memory of one process or process tree, from /proc (Linux). */
export interface ProcessSample {
  /** User + system CPU time so far, in ms (the tree's, reaped children included, when sampled as a tree). */
  readonly cpuMs: number;
  /** Resident set size now, bytes, summed over the tree (shared pages counted once per process that maps them). */
  readonly rssBytes: number;
  /**
   * Proportional set size now, bytes, summed over the tree: shared pages are
   * split between the processes that map them, so Postgres's shared buffers
   * count once however many backends map them (the sum of RSS counts them
   * once per backend). The tables show this one.
   */
  readonly pssBytes: number;
  /** Peak resident set size of the root process, bytes. */
  readonly peakRssBytes: number;
  /** Processes in the tree at this sample. */
  readonly processes: number;
  /**
   * The root process alone, split: the CPU of its main thread (a Node app's
   * event loop; the rest is GC, compiler and libuv threads) and its kernel
   * time, in ms. Tells whether a process that got dearer runs more JavaScript,
   * more background work or more syscalls, without a profiler inside it.
   */
  readonly mainThreadCpuMs: number;
  readonly systemCpuMs: number;
}

/** One process (`tree: false`: the bench process itself, whose children are measured apart) or its whole tree. */
export function sampleProcess(pid: number, table: ReadonlyMap<number, StatEntry> = readProcessTable(), tree = true): ProcessSample | undefined {
  const members = tree ? processTree(pid, table) : table.has(pid) ? [pid] : [];
  const status = readIfAlive(`/proc/${pid}/status`);
  if (members.length === 0 || status === undefined) return undefined;
  const entry = table.get(pid) as StatEntry;
  // A lone process's reaped children are not its own work (the bench reaps its workers and apps).
  const ticks = tree ? treeCpuTicks(members, table) : entry.ownTicks;
  let rssBytes = 0;
  let pssBytes = 0;
  for (const member of members) {
    // smaps_rollup has both Rss and Pss; a member that exited meanwhile adds nothing.
    const rollup = readIfAlive(`/proc/${member}/smaps_rollup`);
    if (rollup === undefined) continue;
    rssBytes += kilobytesField(rollup, 'Rss');
    pssBytes += kilobytesField(rollup, 'Pss');
  }
  const mainThread = readIfAlive(`/proc/${pid}/task/${pid}/stat`);
  const toMs = (n: number) => (n * 1000) / clockTicks();
  return {
    cpuMs: toMs(ticks),
    rssBytes,
    pssBytes,
    peakRssBytes: kilobytesField(status, 'VmHWM'),
    processes: members.length,
    mainThreadCpuMs: toMs(mainThread === undefined ? 0 : parseStatLine(mainThread).ownTicks),
    systemCpuMs: toMs(entry.systemTicks),
  };
}

export interface ProcessUsage {
  /** CPU used over the window as a share of one core (1 = one core busy). */
  readonly cpuCores: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly pssMiB: number;
  readonly peakRssMiB: number;
  readonly processes: number;
  /** The root process's main thread and kernel time over the window, in cores (ProcessSample). */
  readonly mainThreadCores: number;
  readonly systemCores: number;
}

/** What a process used between two samples taken `elapsedMs` apart. */
export function usageBetween(before: ProcessSample, after: ProcessSample, elapsedMs: number): ProcessUsage {
  const cpuMs = after.cpuMs - before.cpuMs;
  const cores = (ms: number) => (elapsedMs > 0 ? ms / elapsedMs : 0);
  return {
    cpuCores: cores(cpuMs),
    cpuMs,
    rssMiB: after.rssBytes / 2 ** 20,
    pssMiB: after.pssBytes / 2 ** 20,
    peakRssMiB: after.peakRssBytes / 2 ** 20,
    processes: after.processes,
    mainThreadCores: cores(after.mainThreadCpuMs - before.mainThreadCpuMs),
    systemCores: cores(after.systemCpuMs - before.systemCpuMs),
  };
}

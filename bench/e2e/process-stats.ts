import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time and memory of one process, from /proc (Linux). */
export interface ProcessSample {
  /** User + system CPU time so far, in ms. */
  readonly cpuMs: number;
  /** Resident set size now, bytes. */
  readonly rssBytes: number;
  /** Peak resident set size, bytes. */
  readonly peakRssBytes: number;
}

/** utime + stime (clock ticks) from a `/proc/<pid>/stat` line; the command name may hold spaces and parentheses, so split after the last `)`. */
export function cpuTicksFromStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unexpected /proc stat line: ${stat.slice(0, 80)}`);
  return utime + stime;
}

/** A `VmRSS:`-style line of `/proc/<pid>/status`, in bytes. */
export function kilobytesField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match === null) throw new Error(`${field} not found in /proc status`);
  return Number(match[1]) * 1024;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    cpuMs: (cpuTicksFromStat(stat) * 1000) / clockTicks(),
    rssBytes: kilobytesField(status, 'VmRSS'),
    peakRssBytes: kilobytesField(status, 'VmHWM'),
  };
}

export interface ProcessUsage {
  /** CPU used over the window as a share of one core (1 = one core busy). */
  readonly cpuCores: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

/** What a process used between two samples taken `elapsedMs` apart. */
export function usageBetween(before: ProcessSample, after: ProcessSample, elapsedMs: number): ProcessUsage {
  const cpuMs = after.cpuMs - before.cpuMs;
  return {
    cpuCores: elapsedMs > 0 ? cpuMs / elapsedMs : 0,
    cpuMs,
    rssMiB: after.rssBytes / 2 ** 20,
    peakRssMiB: after.peakRssBytes / 2 ** 20,
  };
}

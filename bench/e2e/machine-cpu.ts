import { readFileSync } from 'node:fs';

/** The whole machine's CPU time so far, from the first line of `/proc/stat` (clock ticks, all cores together). */
export interface MachineCpuSample {
  /** user + nice + system + irq + softirq: time some process (or the kernel for it) ran. */
  readonly busyTicks: number;
  /** busy + idle + iowait + steal: every tick of every core. */
  readonly totalTicks: number;
  /** Time the hypervisor ran someone else while we wanted the core. */
  readonly stealTicks: number;
  readonly cores: number;
}

/**
 * Parses `/proc/stat`. guest and guest_nice are left out: the kernel already
 * counts them inside user and nice. Steal is neither busy nor idle for us, but
 * it is time that passed, so it is in the total (a VM whose host is busy shows
 * lower busy shares, not higher).
 */
export function parseProcStat(text: string): MachineCpuSample {
  const lines = text.split('\n');
  const total = lines.find((line) => line.startsWith('cpu '));
  if (total === undefined) throw new Error('no "cpu " line in /proc/stat');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = total
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map((field) => Number(field));
  const fields = [user, nice, system, idle, iowait, irq, softirq, steal];
  if (fields.some((field) => field === undefined || !Number.isFinite(field))) throw new Error(`unexpected /proc/stat cpu line: ${total}`);
  const [u, n, s, i, w, q, sq, st] = fields as [number, number, number, number, number, number, number, number];
  const busyTicks = u + n + s + q + sq;
  return { busyTicks, totalTicks: busyTicks + i + w + st, stealTicks: st, cores: lines.filter((line) => /^cpu\d+ /.test(line)).length };
}

export interface MachineCpuUsage {
  /** Share of all cores busy over the window, 0–1 (1 = every core busy the whole time). */
  readonly busyShare: number;
  /** The same in cores (busyShare × cores). */
  readonly busyCores: number;
  readonly stealShare: number;
  readonly cores: number;
}

export function machineCpuBetween(before: MachineCpuSample, after: MachineCpuSample): MachineCpuUsage {
  const total = after.totalTicks - before.totalTicks;
  const busyShare = total > 0 ? (after.busyTicks - before.busyTicks) / total : 0;
  return {
    busyShare,
    busyCores: busyShare * after.cores,
    stealShare: total > 0 ? (after.stealTicks - before.stealTicks) / total : 0,
    cores: after.cores,
  };
}

export function sampleMachineCpu(): MachineCpuSample {
  return parseProcStat(readFileSync('/proc/stat', 'utf8'));
}

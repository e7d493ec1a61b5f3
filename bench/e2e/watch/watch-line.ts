/** What a service's watch samples every interval (service-watch.ts). */
export interface WatchSample {
  readonly at: Date;
  readonly intervalMs: number;
  /** process.cpuUsage() over the interval, µs. */
  readonly cpu: { readonly user: number; readonly system: number };
  /** Event-loop utilization over the interval, 0–1. */
  readonly eventLoopUse: number;
  /** V8 heap spaces' sizes, bytes, by space name. */
  readonly heapSpaces: Readonly<Record<string, number>>;
  /** GC pauses over the interval by kind: count and total ms. */
  readonly gc: Readonly<Record<string, { readonly count: number; readonly ms: number }>>;
  readonly activeHandles: number;
  readonly rssBytes: number;
  readonly externalBytes: number;
}

const MIB = 1024 * 1024;

/**
 * One line per interval, `key=value` pairs after an ISO time, so a service's
 * cost can be lined up with the bench's steps (the bench writes its own lines
 * into the same file) and two runs compared with grep and a diff.
 */
export function formatWatchLine(sample: WatchSample): string {
  const cores = (micros: number) => (micros / 1000 / sample.intervalMs).toFixed(3);
  // Only spaces of at least half a MiB: V8 has a dozen, most of them empty.
  const spaces = Object.entries(sample.heapSpaces)
    .filter(([, bytes]) => Math.round(bytes / MIB) > 0)
    .map(([name, bytes]) => `${name.replace(/_space$/, '')}=${Math.round(bytes / MIB)}`)
    .join(' ');
  const gc = Object.entries(sample.gc)
    .map(([kind, { count, ms }]) => `gc_${kind}=${count}/${Math.round(ms)}ms`)
    .join(' ');
  return [
    sample.at.toISOString(),
    `cores=${cores(sample.cpu.user + sample.cpu.system)}`,
    `sys=${cores(sample.cpu.system)}`,
    `elu=${sample.eventLoopUse.toFixed(2)}`,
    `handles=${sample.activeHandles}`,
    `rss=${Math.round(sample.rssBytes / MIB)}`,
    `external=${Math.round(sample.externalBytes / MIB)}`,
    spaces,
    gc,
  ]
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * Preloaded into an engine service by `npm run bench -- --watch`
 * (`node --require …/service-watch.js`): every 5 s it appends one line to
 * $HOOKLINE_WATCH_FILE with the service's CPU, event-loop use, active handles,
 * memory, V8 heap spaces and GC pauses (watch-line.ts). Issue 14's run-to-run
 * shift (a service costing ~0.15 cores more for the rest of a run) shows in
 * none of the bench's own figures; these lines are for lining it up with the
 * steps. Node built-ins only, and the timer is unref'd: it never keeps a
 * service alive.
 */
import { appendFileSync } from 'node:fs';
import { constants, performance, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { formatWatchLine } from './watch-line';

const INTERVAL_MS = 5_000;
const file = process.env.HOOKLINE_WATCH_FILE;

const GC_KINDS: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};

if (file !== undefined && file !== '') {
  let gc: Record<string, { count: number; ms: number }> = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
      const seen = (gc[kind] ??= { count: 0, ms: 0 });
      seen.count += 1;
      seen.ms += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });

  let cpuAt = process.cpuUsage();
  let loopAt = performance.eventLoopUtilization();
  appendFileSync(file, `${new Date().toISOString()} watching pid ${process.pid}\n`);
  setInterval(() => {
    const cpu = process.cpuUsage(cpuAt);
    cpuAt = process.cpuUsage();
    const loop = performance.eventLoopUtilization(loopAt);
    loopAt = performance.eventLoopUtilization();
    const memory = process.memoryUsage();
    const line = formatWatchLine({
      at: new Date(),
      intervalMs: INTERVAL_MS,
      cpu,
      eventLoopUse: loop.utilization,
      heapSpaces: Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size])),
      gc,
      activeHandles: (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length,
      rssBytes: memory.rss,
      externalBytes: memory.external,
    });
    gc = {};
    appendFileSync(file, `${line}\n`);
  }, INTERVAL_MS).unref();
}

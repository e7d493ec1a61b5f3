/**
 * An open-loop arrival schedule: event i is due at `startMs + i / rate`,
 * whatever happened to the events before it. A generator that waits for the
 * system before sending the next event measures the system's pace, not the
 * offered load (coordinated omission); this one never waits.
 */
export interface ArrivalSchedule {
  readonly startMs: number;
  readonly ratePerSecond: number;
}

/** When event `index` (0-based) is due. Latency is measured from this time, not from when it was sent. */
export function dueAt(schedule: ArrivalSchedule, index: number): number {
  return schedule.startMs + (index * 1000) / schedule.ratePerSecond;
}

/** How many events are due by `nowMs` (the ones with index < result). */
export function dueBy(schedule: ArrivalSchedule, nowMs: number): number {
  if (nowMs < schedule.startMs) return 0;
  return Math.floor(((nowMs - schedule.startMs) * schedule.ratePerSecond) / 1000) + 1;
}

/** The rate actually offered: events sent over the time from the first due time to the last send. */
export function achievedRate(sent: number, firstDueMs: number, lastSentMs: number): number {
  const seconds = (lastSentMs - firstDueMs) / 1000;
  return seconds > 0 ? sent / seconds : 0;
}

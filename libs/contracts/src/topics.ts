/**
 * Topic names of the public contract. The prefix is configurable per deployment
 * (default `hookline.`) so several installations can share one cluster.
 */
export interface TopicNames {
  /** Input: events produced by platform teams. */
  readonly events: string;
  /** Append-only facts about accounts, projects, keys, event types and endpoints. */
  readonly registry: string;
  /** One job per (message, endpoint), keyed by endpoint id. */
  readonly deliveries: string;
  /** Append-only delivery facts, keyed by endpoint id. */
  readonly deliveryLog: string;
  /** Input that could not be accepted, with the reason. */
  readonly deadLetter: string;
  /** The tier topic that holds jobs waiting `delayMs` before their next attempt. */
  retry(delayMs: number): string;
}

export const DEFAULT_TOPIC_PREFIX = 'hookline.';

export function topicNames(prefix: string = DEFAULT_TOPIC_PREFIX): TopicNames {
  return {
    events: `${prefix}events`,
    registry: `${prefix}registry`,
    deliveries: `${prefix}deliveries`,
    deliveryLog: `${prefix}delivery-log`,
    deadLetter: `${prefix}dead-letter`,
    retry: (delayMs: number) => `${prefix}retry.${delayLabel(delayMs)}`,
  };
}

/** `10000` → `10s`, `300000` → `5m`, `7200000` → `2h`; the largest whole unit wins. */
export function delayLabel(delayMs: number): string {
  if (!Number.isInteger(delayMs) || delayMs <= 0) {
    throw new RangeError(`retry delay must be a positive whole number of ms, got ${delayMs}`);
  }
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ];
  for (const [unit, size] of units) {
    if (delayMs % size === 0) return `${delayMs / size}${unit}`;
  }
  return `${delayMs}ms`;
}

/** Where the floor pipeline's events enter: its HTTP door, or straight onto its events topic. */
export type FloorInput = 'http' | 'kafka';

export interface FloorStep {
  readonly input: FloorInput;
  /** Events/s asked of the load generator. */
  readonly rate: number;
  /** Endpoints each event goes to. */
  readonly fanOut: number;
}

/** Issue 14's points: 200/s over HTTP (p99, machine CPU), then each target rate (fan-out 10: 1,000 events/s, 10,000 deliveries/s). */
export const DEFAULT_FLOOR_STEPS = 'http/200,http/3000,kafka/5000,kafka/1000x10';

/** `http/200,kafka/1000x10` → steps, in order (`x10`: ten endpoints per event); throws on anything else, naming the bad part. */
export function parseFloorSteps(text: string): FloorStep[] {
  const parts = text.split(',').map((part) => part.trim());
  return parts.map((part) => {
    const match = /^(http|kafka)\/(\d+)(?:x(\d+))?$/.exec(part);
    const rate = match === null ? Number.NaN : Number(match[2]);
    const fanOut = match?.[3] === undefined ? 1 : Number(match[3]);
    if (match === null || !(rate > 0) || !(fanOut > 0)) throw new Error(`a floor step is <http|kafka>/<events per second>[x<endpoints>], got "${part}"`);
    return { input: match[1] as FloorInput, rate, fanOut };
  });
}

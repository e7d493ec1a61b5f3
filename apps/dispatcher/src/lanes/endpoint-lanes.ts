import { RateLimits, type EndpointState } from '@hookline/domain';
import { EndpointLane, type LaneDeps } from './endpoint-lane';

/**
 * The lanes of the endpoints this process is working for. A lane disappears
 * when it is idle and has nothing parked it must keep in order, so memory
 * follows the endpoints with work, not every endpoint ever seen.
 */
export class EndpointLanes {
  private readonly lanes = new Map<string, EndpointLane>();
  /** Outlive the lanes, so a lane dropped when idle and made again cannot burst past its endpoint's limit. */
  private readonly limits = new RateLimits();

  constructor(private readonly deps: Omit<LaneDeps, 'onIdle' | 'rateLimit'>) {}

  laneFor(endpoint: EndpointState): EndpointLane {
    const fifo = endpoint.ordering === 'fifo';
    let lane = this.lanes.get(endpoint.endpointId);
    if (lane !== undefined && lane.fifo !== fifo && lane.isIdle() && lane.admission.isClear()) lane = undefined;
    if (lane === undefined) {
      lane = new EndpointLane(endpoint.endpointId, fifo, endpoint.rateLimitPerSecond, {
        ...this.deps,
        onIdle: (idle) => this.forget(idle),
        rateLimit: (endpointId, rate) => this.limits.for(endpointId, rate, Date.now()),
      });
      this.lanes.set(endpoint.endpointId, lane);
    }
    lane.setRate(endpoint.rateLimitPerSecond);
    return lane;
  }

  /** SIGTERM: start nothing new and wait (bounded) for the attempts in flight to be recorded. */
  async drain(timeoutMs: number): Promise<boolean> {
    for (const lane of this.lanes.values()) lane.stop();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = Promise.all([...this.lanes.values()].map((lane) => lane.settled())).then(() => true as const);
    try {
      return await Promise.race([settled, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private forget(lane: EndpointLane): void {
    if (lane.isIdle() && lane.admission.isClear() && this.lanes.get(lane.endpointId) === lane) this.lanes.delete(lane.endpointId);
    // Now and then, not per lane: limiters of endpoints without a lane that no longer bind anything.
    if (this.limits.size > this.lanes.size + 64) this.limits.prune(Date.now(), (endpointId) => this.lanes.has(endpointId));
  }
}

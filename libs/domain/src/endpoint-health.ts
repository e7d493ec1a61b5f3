export type EndpointHealth = 'healthy' | 'failing';

export interface HealthDecision {
  /** Set when the health changed and an EndpointHealthChanged fact should be written. */
  readonly healthChanged: EndpointHealth | null;
  /** Set when the endpoint went without a success for too long and should be disabled. */
  readonly disableReason: string | null;
}

const NOTHING: HealthDecision = { healthChanged: null, disableReason: null };

interface Track {
  health: EndpointHealth | null;
  /** First failure after the last success (ms), null while succeeding. */
  failingSince: number | null;
}

/**
 * Health per endpoint as the dispatcher observes it, with time passed in.
 * In memory on purpose: a restart forgets `failingSince`, which only delays an
 * automatic disable (errs towards delivering) and re-announces health once.
 */
export class EndpointHealthTracker {
  private readonly tracks = new Map<string, Track>();

  constructor(private readonly disableAfterMs: number) {}

  succeeded(endpointId: string): HealthDecision {
    const track = this.track(endpointId);
    track.failingSince = null;
    // Only a recovery is news; a first success after start says nothing new about an unknown endpoint.
    if (track.health !== 'failing') return NOTHING;
    track.health = 'healthy';
    return { healthChanged: 'healthy', disableReason: null };
  }

  failed(endpointId: string, now: number): HealthDecision {
    const track = this.track(endpointId);
    track.failingSince ??= now;
    if (now - track.failingSince < this.disableAfterMs) return NOTHING;
    track.failingSince = now; // one disable per period, even if the disable fact loses a race
    return { healthChanged: null, disableReason: `no successful delivery for ${Math.round(this.disableAfterMs / 1000)} s` };
  }

  exhausted(endpointId: string): HealthDecision {
    const track = this.track(endpointId);
    if (track.health === 'failing') return NOTHING;
    track.health = 'failing';
    return { healthChanged: 'failing', disableReason: null };
  }

  private track(endpointId: string): Track {
    let track = this.tracks.get(endpointId);
    if (track === undefined) {
      track = { health: null, failingSince: null };
      this.tracks.set(endpointId, track);
    }
    return track;
  }
}

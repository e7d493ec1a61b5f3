export type EndpointHealth = 'healthy' | 'failing';

export interface HealthDecision {
  /** Set when the health changed and an EndpointHealthChanged fact should be written. */
  readonly healthChanged: EndpointHealth | null;
  /** Set when the endpoint went without a success for too long and should be disabled. */
  readonly disableReason: string | null;
}

/** What one process knows of one endpoint's health. */
export interface HealthTrack {
  readonly health: EndpointHealth | null;
  /** First failure after the last success (ms), null while succeeding. */
  readonly failingSince: number | null;
}

export const UNKNOWN_HEALTH: HealthTrack = { health: null, failingSince: null };

const NOTHING: HealthDecision = { healthChanged: null, disableReason: null };

/** What an attempt means for the endpoint's health: its own status, or the last of its message. */
export type HealthEvent = 'succeeded' | 'failed' | 'exhausted';

/**
 * The health track after one attempt, and what changed, with time passed in.
 * An exhaustion is also a failure (it counts towards the disable period).
 */
export function nextHealth(
  track: HealthTrack,
  event: HealthEvent,
  now: number,
  disableAfterMs: number,
): { readonly track: HealthTrack; readonly decision: HealthDecision } {
  if (event === 'succeeded') {
    // Only a recovery is news; a first success after start says nothing new about an unknown endpoint.
    if (track.health !== 'failing') return { track: { health: track.health, failingSince: null }, decision: NOTHING };
    return { track: { health: 'healthy', failingSince: null }, decision: { healthChanged: 'healthy', disableReason: null } };
  }
  const failingSince = track.failingSince ?? now;
  let disableReason: string | null = null;
  let since = failingSince;
  if (now - failingSince >= disableAfterMs) {
    disableReason = `no successful delivery for ${Math.round(disableAfterMs / 1000)} s`;
    since = now; // one disable per period, even if the disable fact loses a race
  }
  const turnsFailing = event === 'exhausted' && track.health !== 'failing';
  return {
    track: { health: turnsFailing ? 'failing' : track.health, failingSince: since },
    decision: { healthChanged: turnsFailing ? 'failing' : null, disableReason },
  };
}

/**
 * Health per endpoint as this dispatcher observes it (`nextHealth` decides).
 * In memory on purpose: a restart forgets `failingSince`, which only delays an
 * automatic disable (errs towards delivering) and re-announces health once.
 */
export class EndpointHealthTracks {
  private readonly tracks = new Map<string, HealthTrack>();

  get(endpointId: string): HealthTrack {
    return this.tracks.get(endpointId) ?? UNKNOWN_HEALTH;
  }

  set(endpointId: string, track: HealthTrack): void {
    this.tracks.set(endpointId, track);
  }
}

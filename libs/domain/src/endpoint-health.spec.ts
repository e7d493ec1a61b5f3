import { EndpointHealthTracks, nextHealth, UNKNOWN_HEALTH, type HealthEvent, type HealthTrack } from './endpoint-health';

/** Applies events in order, as the dispatcher does, and returns each decision. */
function run(events: ReadonlyArray<readonly [HealthEvent, number]>, disableAfterMs = 5_000) {
  let track: HealthTrack = UNKNOWN_HEALTH;
  return events.map(([event, now]) => {
    const next = nextHealth(track, event, now, disableAfterMs);
    track = next.track;
    return next.decision;
  });
}

describe('nextHealth', () => {
  it('turns failing on exhaustion once, and healthy again on a success', () => {
    const decisions = run([
      ['succeeded', 0],
      ['exhausted', 1],
      ['exhausted', 2],
      ['succeeded', 3],
      ['succeeded', 4],
    ]);
    expect(decisions.map((d) => d.healthChanged)).toEqual([null, 'failing', null, 'healthy', null]);
  });

  it('asks for a disable after the period without a success, and not before', () => {
    const decisions = run([
      ['failed', 1_000],
      ['failed', 5_999],
      ['failed', 6_000],
      ['failed', 6_001],
      ['succeeded', 6_500],
      ['failed', 7_000],
    ]);
    expect(decisions.map((d) => d.disableReason !== null)).toEqual([false, false, true, false, false, false]);
    expect(decisions[2]?.disableReason).toMatch(/no successful delivery for 5 s/);
  });

  it('counts an exhaustion as a failure towards the disable period', () => {
    const decisions = run([
      ['failed', 0],
      ['exhausted', 5_000],
    ]);
    expect(decisions[1]).toEqual({ healthChanged: 'failing', disableReason: expect.stringMatching(/no successful delivery/) });
  });

  it('keeps tracks per endpoint, unknown until set', () => {
    const tracks = new EndpointHealthTracks();
    tracks.set('a', { health: 'failing', failingSince: 1 });
    expect(tracks.get('a')).toEqual({ health: 'failing', failingSince: 1 });
    expect(tracks.get('b')).toBe(UNKNOWN_HEALTH);
  });
});

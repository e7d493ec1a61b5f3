import type { DoorEvent, PublishRejection } from './publish-event';

/** A request the door will not fan out, as it is answered. */
export type DoorRefusal =
  | { readonly kind: 'rejected'; readonly reason: PublishRejection | 'unauthorized'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** What one request is: an event to fan out, or a refusal. */
export type DoorVerdict = { readonly kind: 'event'; readonly event: DoorEvent } | DoorRefusal;

export interface DoorDecisionSteps {
  /** Facts the registry view has applied (RegistryView.version). */
  viewVersion(): number;
  /** The request's verdict on the view as it is now. Deciding again gives the same id to an event that came without one. */
  decide(): DoorVerdict;
  /**
   * Resolves once the view has applied every fact that existed when the
   * request arrived (RegistryTail.waitUntilCurrent, started then); rejects if
   * it cannot catch up.
   */
  readonly viewCurrent: Promise<void>;
}

/** A verdict and the view it was reached on. */
export interface EarlyDecision {
  readonly verdict: DoorVerdict;
  readonly decidedAt: number;
}

/**
 * Decides a request of the HTTP door on the view as it is, without waiting
 * for it to be current: nearly always no registry fact arrives meanwhile,
 * so the door claims the id beside the registry wait instead of after it
 * (settleOnCurrentView makes it exact). A refusal is never answered from a
 * view that may be behind: an API key, project or event type the registry
 * acknowledged a moment ago must not be refused, so that request waits and is
 * decided again.
 */
export async function decideEarly(steps: DoorDecisionSteps): Promise<EarlyDecision> {
  const decidedAt = steps.viewVersion();
  const verdict = steps.decide();
  if (verdict.kind === 'event') return { verdict, decidedAt };
  const notCurrent = await viewError(steps.viewCurrent);
  if (notCurrent !== null) return { verdict: notCurrent, decidedAt };
  return { verdict: steps.decide(), decidedAt: steps.viewVersion() };
}

/**
 * The verdict that stands once the view is current (after the claim, before
 * the fan-out): the early one when no fact arrived since it was reached, else
 * the request decided again, so a fact acknowledged before the request
 * arrived is always seen.
 */
export function settleOnCurrentView(
  early: EarlyDecision,
  notCurrent: DoorRefusal | null,
  steps: Pick<DoorDecisionSteps, 'viewVersion' | 'decide'>,
): DoorVerdict {
  if (notCurrent !== null) return notCurrent;
  return steps.viewVersion() === early.decidedAt ? early.verdict : steps.decide();
}

/** Null once the view is current; the answer (503) when it cannot be. */
export async function viewError(viewCurrent: Promise<void>): Promise<DoorRefusal | null> {
  try {
    await viewCurrent;
    return null;
  } catch (error) {
    return { kind: 'failed', message: `the registry view is not current: ${error instanceof Error ? error.message : String(error)}` };
  }
}

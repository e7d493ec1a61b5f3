/**
 * The attempt number of a job an operator asked for (resend, recover).
 *
 * Attempts are keyed by (message, endpoint, attempt) in the history, and the
 * automatic chain of a delivery uses numbers 1 … schedule length + 1: a retry
 * may still be waiting in a tier, or held while the endpoint was disabled,
 * with the next number already assigned. An operator's attempt therefore
 * takes the next number after both the attempts seen so far and the whole
 * automatic range, so it never collides with an attempt that is still to
 * come. For an exhausted delivery that is simply previous + 1.
 *
 * The dispatcher treats such a job like any other: past the end of the
 * schedule, a failure exhausts it at once (one attempt per resend).
 */
export function operatorAttempt(previousAttempts: number, scheduleLength: number): number {
  return Math.max(previousAttempts, scheduleLength + 1) + 1;
}

/**
 * Is this error Postgres refusing the *data* of what we wrote (so retrying the
 * same fact can never succeed), rather than the environment failing (which a
 * retry can outlive)? Returns the SQLSTATE when it is about the data, else null.
 *
 * About the data: class 22 (data exception: `0x00` in text, an unpaired
 * surrogate or `\u0000` in jsonb, a number out of range, a bad timestamp),
 * class 23 (integrity constraint violation: a NOT NULL or CHECK a malformed
 * fact breaks) and class 54 (program limit exceeded: a value too large for an
 * index row). Everything else — connection (08), resources (53), operator
 * intervention (57), system (58), serialization/deadlock (40), internal (XX),
 * and errors that are not Postgres errors at all — is retried; a bug in our own
 * SQL (42) is retried too, so it stalls visibly instead of quarantining facts.
 */
export function refusedFactState(error: unknown): string | null {
  const state = sqlStateOf(error);
  if (state === null) return null;
  return DATA_CLASSES.has(state.slice(0, 2)) ? state : null;
}

const DATA_CLASSES: ReadonlySet<string> = new Set(['22', '23', '54']);

/** TypeORM's QueryFailedError copies the driver error's fields and keeps it as `driverError`. */
function sqlStateOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const driverError = 'driverError' in error ? error.driverError : undefined;
  const code =
    'code' in error
      ? error.code
      : driverError !== undefined && typeof driverError === 'object' && driverError !== null && 'code' in driverError
        ? driverError.code
        : undefined;
  // SQLSTATEs are five characters of [0-9A-Z]; node's own codes (ECONNREFUSED…) are not.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

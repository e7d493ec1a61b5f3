/** Why a decoded event cannot be passed on as text every store accepts (Postgres text and jsonb refuse both). */
export type UnsafeText = 'nul_character' | 'lone_surrogate';

// eslint-disable-next-line no-control-regex -- NUL is the character this looks for
const NUL = /\u0000/;
// Without the `u` flag a regex sees UTF-16 code units: a high surrogate not
// followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem with one string, if any. */
export function unsafeTextIn(text: string): UnsafeText | null {
  if (NUL.test(text)) return 'nul_character';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return null;
}

/**
 * The first problem in any string of a parsed JSON value, object keys
 * included. Walks with an explicit stack rather than recursion; callers have
 * bounded the depth already, this just does not rely on it.
 */
export function unsafeTextInValue(value: unknown): UnsafeText | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      const problem = unsafeTextIn(next);
      if (problem !== null) return problem;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) {
        const problem = unsafeTextIn(key);
        if (problem !== null) return problem;
        pending.push(item);
      }
    }
  }
  return null;
}

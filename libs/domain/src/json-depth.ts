const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Whether a JSON text nests objects and arrays more than `maxDepth` levels
 * (the outermost value is level 1). One pass over the bytes with a counter, no
 * recursion and no parse: `JSON.parse` survives thousands of levels, but every
 * recursive step after it (re-encoding, schema checks) overflows the stack, so
 * depth is bounded before anything builds the value. Scanning bytes is safe
 * for UTF-8: the bytes of `"`, `\`, brackets and braces never occur inside a
 * multi-byte character. On text that is not JSON the answer is meaningless but
 * harmless; the parse that follows rejects it.
 */
export function nestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of bytes) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return false;
}

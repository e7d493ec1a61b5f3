/**
 * The end of every `switch` over a discriminated union (STYLE.md habit 2): the
 * compiler refuses a case left out, and a variant from a newer writer that gets
 * past the types stops loudly instead of being skipped. It lives in contracts,
 * the lowest layer, so domain, persistence and kafka all share this one.
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(value)}`);
}

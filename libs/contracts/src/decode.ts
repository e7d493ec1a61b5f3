/**
 * Parses a fact or job written by Hookline itself. Our own topics only ever hold
 * values we serialised, so a parse failure here is a bug or corruption, never
 * user input: it throws loudly instead of dead-lettering.
 */
export function decodeJson<T extends { type?: string; v?: number }>(value: Buffer | null, what: string): T {
  if (value === null) throw new Error(`${what}: empty record value`);
  return JSON.parse(value.toString('utf8')) as T;
}

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

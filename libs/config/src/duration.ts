const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `10s`, `5m`, `2h`, `1d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (match === null) throw new Error(`"${text}" is not a duration like 10s, 5m, 2h`);
  const [, amount, unit] = match as unknown as [string, string, string];
  return Number(amount) * (UNITS[unit] as number);
}

/** `10s,1m,5m` → [10000, 60000, 300000]. */
export function parseDurationList(text: string): number[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw new Error('expected at least one duration');
  return parts.map(parseDuration);
}

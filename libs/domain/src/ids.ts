import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `ep_…`, `acc_…`, `proj_…`: a millisecond timestamp then randomness, both in
 * lowercase base36, so ids sort by creation time (cursor pagination by id
 * returns oldest first) and are safe in URLs.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  const time = now.getTime().toString(36).padStart(9, '0');
  const random = [...randomBytes(14)].map((byte) => ALPHABET[byte % 36]).join('');
  return `${prefix}_${time}${random}`;
}

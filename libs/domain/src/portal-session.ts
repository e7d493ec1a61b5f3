import { randomBytes } from 'node:crypto';
import { hashApiKey } from './api-key';
import { DomainError } from './domain-error';

/**
 * Portal sessions: how a platform hands one customer the console without
 * handing it an API key. Two tokens, both 256 random bits:
 *   - the link token (`hk_pl_…`) rides in the URL fragment and is good for
 *     one exchange only;
 *   - the session token (`hk_ps_…`) it is exchanged for lives in the tab's
 *     sessionStorage and authenticates API calls until the session expires
 *     or is revoked.
 * Only sha256 hashes are stored, like API keys.
 */
export type PortalTenant =
  { readonly kind: 'account'; readonly accountId: string } | { readonly kind: 'project'; readonly accountId: string; readonly projectId: string };

export const PORTAL_LINK_PREFIX = 'hk_pl_';
export const PORTAL_SESSION_PREFIX = 'hk_ps_';

export const PORTAL_TTL_DEFAULT_SECONDS = 3600;
export const PORTAL_TTL_MIN_SECONDS = 60;
export const PORTAL_TTL_MAX_SECONDS = 86_400;

export function generatePortalToken(prefix: typeof PORTAL_LINK_PREFIX | typeof PORTAL_SESSION_PREFIX): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** The same sha256 as API keys: 256 random bits need no slow hash. */
export function hashPortalToken(token: string): string {
  return hashApiKey(token);
}

export function looksLikePortalSessionToken(token: string): boolean {
  return /^hk_ps_[A-Za-z0-9_-]{43}$/.test(token);
}

export function looksLikePortalLinkToken(token: string): boolean {
  return /^hk_pl_[A-Za-z0-9_-]{43}$/.test(token);
}

/** When a session asked for `ttlSeconds` at `now` ends; the link and the session it becomes share it. */
export function portalExpiry(ttlSeconds: number | undefined, now: Date): Date {
  const ttl = ttlSeconds ?? PORTAL_TTL_DEFAULT_SECONDS;
  if (!Number.isInteger(ttl) || ttl < PORTAL_TTL_MIN_SECONDS || ttl > PORTAL_TTL_MAX_SECONDS) {
    throw new DomainError('validation', 'ttl_out_of_range', `ttlSeconds must be a whole number from ${PORTAL_TTL_MIN_SECONDS} to ${PORTAL_TTL_MAX_SECONDS}`, {
      field: 'ttlSeconds',
    });
  }
  return new Date(now.getTime() + ttl * 1000);
}

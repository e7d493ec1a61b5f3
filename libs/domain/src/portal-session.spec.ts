import { DomainError } from './domain-error';
import {
  generatePortalToken,
  hashPortalToken,
  looksLikePortalLinkToken,
  looksLikePortalSessionToken,
  PORTAL_LINK_PREFIX,
  PORTAL_SESSION_PREFIX,
  portalExpiry,
} from './portal-session';

describe('portal session tokens', () => {
  it('are 256 random bits behind a prefix that tells link from session', () => {
    const link = generatePortalToken(PORTAL_LINK_PREFIX);
    const session = generatePortalToken(PORTAL_SESSION_PREFIX);
    expect(looksLikePortalLinkToken(link)).toBe(true);
    expect(looksLikePortalSessionToken(link)).toBe(false);
    expect(looksLikePortalSessionToken(session)).toBe(true);
    expect(looksLikePortalLinkToken(session)).toBe(false);
    expect(generatePortalToken(PORTAL_LINK_PREFIX)).not.toBe(link);
    expect(looksLikePortalSessionToken('hk_acc_' + 'a'.repeat(43))).toBe(false);
  });

  it('are stored as a stable hash, never in the clear', () => {
    const token = generatePortalToken(PORTAL_SESSION_PREFIX);
    expect(hashPortalToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashPortalToken(token)).toBe(hashPortalToken(token));
    expect(hashPortalToken(token)).not.toContain(token.slice(6));
  });
});

describe('portalExpiry', () => {
  const now = new Date('2026-12-02T10:00:00Z');

  it('defaults to one hour', () => {
    expect(portalExpiry(undefined, now).toISOString()).toBe('2026-12-02T11:00:00.000Z');
  });

  it('takes ttlSeconds within 60 s to 24 h', () => {
    expect(portalExpiry(60, now).toISOString()).toBe('2026-12-02T10:01:00.000Z');
    expect(portalExpiry(86_400, now).toISOString()).toBe('2026-12-03T10:00:00.000Z');
  });

  it.each([59, 86_401, 1.5, -1])('refuses %p with ttl_out_of_range', (ttl) => {
    expect(() => portalExpiry(ttl, now)).toThrow(DomainError);
    expect(() => portalExpiry(ttl, now)).toThrow(expect.objectContaining({ code: 'ttl_out_of_range' }));
  });
});

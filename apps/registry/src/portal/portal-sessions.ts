import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  generatePortalToken,
  hashPortalToken,
  looksLikePortalLinkToken,
  newId,
  PORTAL_LINK_PREFIX,
  PORTAL_SESSION_PREFIX,
  portalExpiry,
  type PortalTenant,
} from '@hookline/domain';
import {
  deleteExpiredPortalSessions,
  exchangePortalLink,
  findPortalSessionTenant,
  insertPortalSession,
  revokePortalSession,
  type LivePortalSession,
} from '@hookline/persistence/queries';
import { int, optional, optionalBody, text } from '../http/body-fields';
import { refusePortalSession, type Principal } from '../http/principal';
import { canSeeAccount, TenantAccess } from '../http/tenant-access';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

export interface CreatedPortalSession {
  readonly id: string;
  readonly url: string;
  readonly expiresAt: string;
}

export interface ExchangedPortalSession {
  readonly sessionToken: string;
  readonly expiresAt: string;
  readonly tenant: PortalTenant;
}

/** One-time console links for a platform's customers, and the sessions they turn into (docs/console.md). */
@Injectable()
export class PortalSessions {
  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly db: DataSource,
    private readonly access: TenantAccess,
  ) {}

  async create(principal: Principal, body: unknown, requestOrigin: string): Promise<CreatedPortalSession> {
    refusePortalSession(principal, 'create console sessions');
    const input = optionalBody(body);
    const accountId = optional(input.accountId, (v) => text(v, 'accountId'));
    const projectId = optional(input.projectId, (v) => text(v, 'projectId'));
    const ttlSeconds = optional(input.ttlSeconds, (v) => int(v, 'ttlSeconds'));
    if ((accountId === undefined) === (projectId === undefined)) {
      throw new DomainError('validation', 'tenant_required', 'give exactly one of accountId or projectId', { field: 'projectId' });
    }
    const now = new Date();
    const expiresAt = portalExpiry(ttlSeconds, now);
    const tenant: PortalTenant =
      projectId !== undefined
        ? await this.access.project(principal, projectId).then((p) => ({ kind: 'project' as const, accountId: p.accountId, projectId: p.projectId }))
        : await this.access.account(principal, accountId as string).then((a) => ({ kind: 'account' as const, accountId: a.accountId }));
    const link = generatePortalToken(PORTAL_LINK_PREFIX);
    const id = newId('ps');
    await deleteExpiredPortalSessions(this.db, now);
    await insertPortalSession(this.db, { id, linkHash: hashPortalToken(link), tenant, createdAt: now, expiresAt });
    // In the fragment: browsers never send it to a server, so the link stays out of access logs and Referer headers.
    const base = (this.config.publicUrl ?? requestOrigin).replace(/\/+$/, '');
    return { id, url: `${base}/console/#portal=${link}`, expiresAt: expiresAt.toISOString() };
  }

  /** Unauthenticated by design: the link token is the credential. Spent, expired, revoked and unknown links look alike. */
  async exchange(body: unknown): Promise<ExchangedPortalSession> {
    const token = text(optionalBody(body).token, 'token');
    const sessionToken = generatePortalToken(PORTAL_SESSION_PREFIX);
    const session: LivePortalSession | undefined = looksLikePortalLinkToken(token)
      ? await exchangePortalLink(this.db, hashPortalToken(token), hashPortalToken(sessionToken), new Date())
      : undefined;
    if (session === undefined) {
      throw new UnauthorizedException({ code: 'link_invalid', message: 'this console link was already used, has expired or was revoked' });
    }
    return { sessionToken, expiresAt: session.expiresAt, tenant: session.tenant };
  }

  /** The admin, a key or session of its account (or of its project: sign out); else 404 like an unknown id. */
  async revoke(principal: Principal, id: string): Promise<void> {
    const tenant = await findPortalSessionTenant(this.db, id);
    const visible =
      tenant !== undefined &&
      (canSeeAccount(principal, tenant.accountId) || (principal.kind === 'project' && tenant.kind === 'project' && tenant.projectId === principal.projectId));
    if (!visible) throw new DomainError('not_found', 'portal_session_not_found', `no portal session ${id}`);
    await revokePortalSession(this.db, id, new Date());
  }
}

import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { hashApiKey, hashPortalToken, looksLikeApiKey, looksLikePortalSessionToken } from '@hookline/domain';
import { findLiveApiKeyByHash, findLivePortalSession } from '@hookline/persistence/queries';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';
import { attachPrincipal, type Principal } from './principal';

/**
 * Every /v1 route: `Authorization: Bearer <admin token | hk_acc_… | hk_proj_… | hk_ps_…>`
 * becomes a Principal on the request, or the request ends in 401. A console
 * portal session (`hk_ps_…`) counts as its tenant until it expires or is
 * revoked (docs/console.md). Keys are
 * looked up by hash in the read model on each request, so a revocation takes
 * effect as soon as it is projected.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  private readonly adminToken: Buffer;

  constructor(
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    private readonly db: DataSource,
  ) {
    this.adminToken = Buffer.from(config.adminToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const principal = await this.resolve(bearerToken(request));
    if (principal === undefined) throw new UnauthorizedException({ code: 'unauthorized', message: 'a valid bearer token is required' });
    attachPrincipal(request, principal);
    return true;
  }

  private async resolve(token: string): Promise<Principal | undefined> {
    if (token === '') return undefined;
    const presented = Buffer.from(token);
    if (presented.length === this.adminToken.length && timingSafeEqual(presented, this.adminToken)) return { kind: 'admin' };
    if (looksLikePortalSessionToken(token)) return this.portalSession(token);
    if (!looksLikeApiKey(token)) return undefined;
    const key = await findLiveApiKeyByHash(this.db, hashApiKey(token));
    if (key === undefined) return undefined;
    const credential = 'api-key' as const;
    if (key.scope === 'account') return { kind: 'account', accountId: key.accountId, keyId: key.keyId, credential };
    if (key.projectId === null) throw new Error(`project key ${key.keyId} has no project`);
    return { kind: 'project', projectId: key.projectId, accountId: key.accountId, keyId: key.keyId, credential };
  }

  private async portalSession(token: string): Promise<Principal | undefined> {
    const session = await findLivePortalSession(this.db, hashPortalToken(token), new Date());
    if (session === undefined) return undefined;
    const { tenant } = session;
    const credential = 'portal-session' as const;
    switch (tenant.kind) {
      case 'account':
        return { kind: 'account', accountId: tenant.accountId, keyId: session.id, credential };
      case 'project':
        return { kind: 'project', projectId: tenant.projectId, accountId: tenant.accountId, keyId: session.id, credential };
      default: {
        const unknown: never = tenant;
        throw new Error(`unknown portal tenant ${JSON.stringify(unknown)}`);
      }
    }
  }
}

function bearerToken(request: Request): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

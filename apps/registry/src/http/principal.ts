import { createParamDecorator, ForbiddenException, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Who is calling, resolved once per request by TenantGuard: the bootstrap
 * admin, an account (partner) or a project, each through an API key or a
 * console portal session. A session sees exactly what a key of its tenant
 * sees; `credential` only matters to the few routes that mint credentials.
 */
export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'account'; readonly accountId: string; readonly keyId: string; readonly credential: Credential }
  | { readonly kind: 'project'; readonly projectId: string; readonly accountId: string; readonly keyId: string; readonly credential: Credential };

/** `keyId` holds the API key's id or the portal session's id accordingly. */
export type Credential = 'api-key' | 'portal-session';

const PRINCIPAL = Symbol('hookline.principal');
type WithPrincipal = Request & { [PRINCIPAL]?: Principal };

export function attachPrincipal(request: Request, principal: Principal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}

export function principalOf(request: Request): Principal {
  const principal = (request as WithPrincipal)[PRINCIPAL];
  // Only reachable when a route forgot @UseGuards(TenantGuard): a bug, not a client error.
  if (principal === undefined) throw new Error('no principal on the request; is the route behind TenantGuard?');
  return principal;
}

/** `@Principal() principal: Principal` in a handler behind TenantGuard. */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<Request>()),
);

/** Account creation and global event types are the bootstrap admin's alone. */
export function requireAdmin(principal: Principal): void {
  if (principal.kind !== 'admin') {
    throw new ForbiddenException({ code: 'forbidden', message: 'only the admin token may do this' });
  }
}

/** The account a tenant principal acts for; null for the admin, who acts for all. */
export function accountOf(principal: Principal): string | null {
  return principal.kind === 'admin' ? null : principal.accountId;
}

/**
 * A portal session is handed to a platform's customer for one tab: it may not
 * mint longer-lived credentials (API keys, further sessions) or manage keys.
 */
export function refusePortalSession(principal: Principal, what: string): void {
  if (principal.kind !== 'admin' && principal.credential === 'portal-session') {
    throw new ForbiddenException({ code: 'forbidden', message: `a console session may not ${what}` });
  }
}

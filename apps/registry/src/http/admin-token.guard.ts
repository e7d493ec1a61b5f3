import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

/**
 * The bootstrap admin token from the environment. Tenant keys (account and
 * project) replace it for everything but account creation in the registry issue.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(REGISTRY_CONFIG) config: RegistryConfig) {
    this.expected = Buffer.from(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (presented.length === this.expected.length && timingSafeEqual(presented, this.expected)) return true;
    throw new UnauthorizedException({ code: 'unauthorized', message: 'a valid bearer token is required' });
  }
}

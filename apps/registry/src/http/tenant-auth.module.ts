import { Global, Module } from '@nestjs/common';
import { RegistryLog } from '../facts/registry-log';
import { TenantAccess } from './tenant-access';
import { TenantGuard } from './tenant.guard';

/**
 * Authentication and tenant isolation for every /v1 controller, whichever
 * module it lives in: `@UseGuards(TenantGuard)`, `@Principal()`, and
 * TenantAccess (`endpoint(principal, id)` / `assertEndpointVisible`) for the
 * 404-on-foreign checks. RegistryLog appends facts with read-your-writes.
 */
@Global()
@Module({
  providers: [TenantGuard, TenantAccess, RegistryLog],
  exports: [TenantGuard, TenantAccess, RegistryLog],
})
export class TenantAuthModule {}

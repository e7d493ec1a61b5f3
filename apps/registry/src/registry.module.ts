import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiErrorFilter, HealthController } from '@hookline/runtime';
import { EndpointCommands } from './endpoints/endpoint-commands';
import { EndpointQueries } from './endpoints/endpoint.queries';
import { EndpointsController } from './endpoints/endpoints.controller';
import { EventTypeCatalog } from './event-types/event-type-catalog.service';
import { EventTypesController } from './event-types/event-types.controller';
import { HistoryModule } from './history/history.module';
import { TenantAuthModule } from './http/tenant-auth.module';
import { OperationsModule } from './operations/operations.module';
import { PortalModule } from './portal/portal.module';
import { RegistryInfraModule } from './registry-infra.module';
import { TenantCommands } from './tenants/tenant-commands';
import { TenantQueries } from './tenants/tenant.queries';
import { TenantsController } from './tenants/tenants.controller';

@Module({
  imports: [RegistryInfraModule, TenantAuthModule, HistoryModule, OperationsModule, PortalModule],
  controllers: [HealthController, TenantsController, EventTypesController, EndpointsController],
  providers: [{ provide: APP_FILTER, useClass: ApiErrorFilter }, TenantCommands, TenantQueries, EventTypeCatalog, EndpointCommands, EndpointQueries],
})
export class RegistryModule {}

import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { listEndpointsForTriage } from '@hookline/persistence/queries';
import { ApiErrors } from '../http/api-error.dto';
import { pageLimit } from '../http/body-fields';
import { Principal, requireAdmin } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import { endpointResponse } from '../endpoints/endpoint.response';
import { TriageListDto } from './operator.dto';

/** The platform team's view across tenants (the console's operator screen); the admin token only. */
@ApiTags('console')
@ApiBearerAuth()
@Controller('v1/operator')
@UseGuards(TenantGuard)
export class OperatorController {
  constructor(private readonly db: DataSource) {}

  @Get('endpoints')
  @ApiOperation({ summary: 'Every endpoint of every tenant: failing first, then disabled, then the rest' })
  @ApiQuery({ name: 'limit', required: false, description: '1–250, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ type: TriageListDto })
  @ApiErrors(403, 422)
  async endpoints(@Principal() principal: Principal, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<TriageListDto> {
    requireAdmin(principal);
    const page = await listEndpointsForTriage(this.db, { limit: pageLimit(limit), cursor: cursor === '' ? undefined : cursor });
    return {
      data: page.data.map((item) => ({
        endpoint: endpointResponse(item.endpoint),
        triage: (['failing', 'disabled', 'ok'] as const)[item.rank],
        lastError: item.lastError,
        lastErrorAt: item.lastErrorAt,
        attempts: item.total,
        failedAttempts: item.failed,
      })),
      nextCursor: page.nextCursor,
    };
  }
}

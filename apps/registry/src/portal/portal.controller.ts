import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors } from '../http/api-error.dto';
import { Principal } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import { callerDto } from './caller';
import { CallerDto, CreatePortalSessionBody, ExchangedPortalSessionDto, ExchangePortalLinkBody, PortalSessionDto } from './portal.dto';
import { PortalSessions } from './portal-sessions';

@ApiTags('console')
@Controller('v1')
export class PortalController {
  constructor(private readonly sessions: PortalSessions) {}

  @Post('portal/sessions')
  @UseGuards(TenantGuard)
  @ApiBearerAuth()
  @HttpCode(201)
  @ApiOperation({ summary: "A one-time console link for one tenant; the admin token or that tenant's key" })
  @ApiBody({ type: CreatePortalSessionBody })
  @ApiCreatedResponse({ type: PortalSessionDto })
  @ApiErrors(403, 404, 422)
  create(@Principal() principal: Principal, @Body() body: unknown, @Req() request: Request): Promise<PortalSessionDto> {
    return this.sessions.create(principal, body, `${request.protocol}://${request.get('host') ?? 'localhost'}`);
  }

  @Delete('portal/sessions/:id')
  @UseGuards(TenantGuard)
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a console session (or its unused link) at once' })
  @ApiNoContentResponse()
  @ApiErrors(404)
  revoke(@Principal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.sessions.revoke(principal, id);
  }

  @Post('portal/exchange')
  @HttpCode(200)
  @ApiOperation({ summary: "Trade a console link's token for a session token; works once" })
  @ApiBody({ type: ExchangePortalLinkBody })
  @ApiOkResponse({ type: ExchangedPortalSessionDto })
  @ApiErrors(401, 422)
  exchange(@Body() body: unknown): Promise<ExchangedPortalSessionDto> {
    return this.sessions.exchange(body);
  }

  @Get('me')
  @UseGuards(TenantGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token is: admin, an account or a project, and through which credential' })
  @ApiOkResponse({ type: CallerDto })
  @ApiErrors(401)
  me(@Principal() principal: Principal): CallerDto {
    return callerDto(principal);
  }
}

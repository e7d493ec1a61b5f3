import { Body, Controller, Delete, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@hookline/runtime';
import { Principal } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import {
  AccountDto,
  accountDto,
  ApiKeyCreatedDto,
  apiKeyDto,
  CreateAccountBody,
  CreateApiKeyBody,
  CreateProjectBody,
  ProjectDto,
  projectDto,
} from './tenant.dto';
import { TenantCommands } from './tenant-commands';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(TenantGuard)
export class TenantsController {
  constructor(private readonly commands: TenantCommands) {}

  @Post('accounts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an account (partner); admin token only' })
  @ApiBody({ type: CreateAccountBody })
  @ApiCreatedResponse({ type: AccountDto })
  @ApiErrors(403, 422, 503)
  async createAccount(@Principal() principal: Principal, @Body() body: unknown): Promise<AccountDto> {
    return accountDto(await this.commands.createAccount(principal, body));
  }

  @Post('accounts/:id/projects')
  @HttpCode(201)
  @ApiOperation({ summary: "Create a project of an account; the admin or that account's key" })
  @ApiBody({ type: CreateProjectBody })
  @ApiCreatedResponse({ type: ProjectDto })
  @ApiErrors(404, 422, 503)
  async createProject(@Principal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<ProjectDto> {
    return projectDto(await this.commands.createProject(principal, id, body));
  }

  @Post('api-keys')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an account or project key; the key is in this response only' })
  @ApiBody({ type: CreateApiKeyBody })
  @ApiCreatedResponse({ type: ApiKeyCreatedDto })
  @ApiErrors(403, 404, 422, 503)
  async createApiKey(@Principal() principal: Principal, @Body() body: unknown): Promise<ApiKeyCreatedDto> {
    const { key, state } = await this.commands.createApiKey(principal, body);
    return { ...apiKeyDto(state), key };
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key; it stops working once the revocation is projected (before this answers)' })
  @ApiNoContentResponse()
  @ApiErrors(404, 503)
  async revokeApiKey(@Principal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.commands.revokeApiKey(principal, id);
  }
}

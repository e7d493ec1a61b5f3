import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Page } from '@hookline/persistence/queries';
import { ApiErrors } from '@hookline/runtime';
import { Principal } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import {
  AccountDto,
  accountDto,
  AccountListDto,
  ApiKeyCreatedDto,
  apiKeyDto,
  ApiKeyListDto,
  CreateAccountBody,
  CreateApiKeyBody,
  CreateProjectBody,
  ProjectDto,
  projectDto,
  ProjectListDto,
} from './tenant.dto';
import { TenantCommands } from './tenant-commands';
import { TenantQueries, type ApiKeyListParams, type PageParams } from './tenant.queries';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(TenantGuard)
export class TenantsController {
  constructor(
    private readonly commands: TenantCommands,
    private readonly queries: TenantQueries,
  ) {}

  @Get('accounts')
  @ApiOperation({ summary: 'Accounts: every one for the admin, its own for an account key; 403 for a project key' })
  @ApiQuery({ name: 'limit', required: false, description: '1–250, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ type: AccountListDto })
  @ApiErrors(403, 422)
  async listAccounts(@Principal() principal: Principal, @Query() query: PageParams): Promise<AccountListDto> {
    return mapPage(await this.queries.accounts(principal, query), accountDto);
  }

  @Get('accounts/:id')
  @ApiOkResponse({ type: AccountDto })
  @ApiErrors(404)
  async getAccount(@Principal() principal: Principal, @Param('id') id: string): Promise<AccountDto> {
    return accountDto(await this.queries.account(principal, id));
  }

  @Get('accounts/:id/projects')
  @ApiOperation({ summary: "An account's projects, oldest first, by cursor" })
  @ApiQuery({ name: 'limit', required: false, description: '1–250, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ type: ProjectListDto })
  @ApiErrors(404, 422)
  async listProjects(@Principal() principal: Principal, @Param('id') id: string, @Query() query: PageParams): Promise<ProjectListDto> {
    return mapPage(await this.queries.projects(principal, id, query), projectDto);
  }

  @Get('projects/:id')
  @ApiOkResponse({ type: ProjectDto })
  @ApiErrors(404)
  async getProject(@Principal() principal: Principal, @Param('id') id: string): Promise<ProjectDto> {
    return projectDto(await this.queries.project(principal, id));
  }

  @Get('api-keys')
  @ApiOperation({ summary: 'Keys (never the key or its hash); the admin, or an account key for its own account' })
  @ApiQuery({ name: 'accountId', required: false })
  @ApiQuery({ name: 'projectId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–250, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiErrors(403, 404, 422)
  async listApiKeys(@Principal() principal: Principal, @Query() query: ApiKeyListParams): Promise<ApiKeyListDto> {
    return mapPage(await this.queries.apiKeys(principal, query), apiKeyDto);
  }

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

function mapPage<T, D>(page: Page<T>, toDto: (item: T) => D): { data: D[]; nextCursor: string | null } {
  return { data: page.data.map(toDto), nextCursor: page.nextCursor };
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@hookline/runtime';
import { Principal } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import { parseCreateEndpoint } from './create-endpoint.request';
import { EndpointCommands } from './endpoint-commands';
import { CreateEndpointBody, DisableEndpointBody, EndpointDto, EndpointListDto, EndpointSecretDto, RotateSecretBody, UpdateEndpointBody } from './endpoint.dto';
import { EndpointQueries, type EndpointListParams } from './endpoint.queries';
import { expectedVersion, IfMatch, parseDisable, parsePatch, parseRotate } from './endpoint.requests';
import { endpointResponse } from './endpoint.response';

@ApiTags('endpoints')
@ApiBearerAuth()
@Controller('v1/endpoints')
@UseGuards(TenantGuard)
export class EndpointsController {
  constructor(
    private readonly commands: EndpointCommands,
    private readonly queries: EndpointQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an endpoint (a secret is generated; reveal it with GET …/secret)' })
  @ApiBody({ type: CreateEndpointBody })
  @ApiCreatedResponse({ type: EndpointDto })
  @ApiErrors(404, 422, 503)
  async create(@Principal() principal: Principal, @Body() body: unknown): Promise<EndpointDto> {
    return endpointResponse(await this.commands.create(principal, parseCreateEndpoint(body)));
  }

  @Get()
  @ApiOperation({ summary: 'List visible endpoints, oldest first, by cursor' })
  @ApiQuery({ name: 'limit', required: false, description: '1–250, default 50', schema: { type: 'integer', minimum: 1, maximum: 250 } })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page', schema: { type: 'string' } })
  @ApiQuery({ name: 'projectId', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ type: EndpointListDto })
  @ApiErrors(404, 422)
  async list(@Principal() principal: Principal, @Query() query: EndpointListParams): Promise<EndpointListDto> {
    const page = await this.queries.list(principal, query);
    return { data: page.data.map(endpointResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: EndpointDto })
  @ApiErrors(404)
  async get(@Principal() principal: Principal, @Param('id') id: string): Promise<EndpointDto> {
    return endpointResponse(await this.queries.get(principal, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change settings; send the expected version as If-Match or `version`' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you read, e.g. "3"', schema: { type: 'string' } })
  @ApiBody({ type: UpdateEndpointBody })
  @ApiOkResponse({ type: EndpointDto })
  @ApiErrors(404, 409, 422, 503)
  async update(
    @Principal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<EndpointDto> {
    const { changes, expectedVersion } = parsePatch(body, ifMatch);
    return endpointResponse(await this.commands.update(principal, id, changes, expectedVersion));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint and its message history' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The version you read, e.g. "3"; a stale one is 409, a malformed one 422',
    schema: { type: 'string' },
  })
  @ApiNoContentResponse()
  @ApiErrors(404, 409, 422, 503)
  async delete(@Principal() principal: Principal, @Param('id') id: string, @IfMatch() ifMatch: string | undefined): Promise<void> {
    await this.commands.delete(principal, id, expectedVersion(ifMatch, undefined));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: EndpointDto })
  @ApiErrors(404, 503)
  async enable(@Principal() principal: Principal, @Param('id') id: string): Promise<EndpointDto> {
    return endpointResponse(await this.commands.enable(principal, id));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause deliveries; they wait and drain when the endpoint is enabled again' })
  @ApiBody({ type: DisableEndpointBody, required: false })
  @ApiOkResponse({ type: EndpointDto })
  @ApiErrors(404, 422, 503)
  async disable(@Principal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<EndpointDto> {
    return endpointResponse(await this.commands.disable(principal, id, parseDisable(body)));
  }

  @Get(':id/secret')
  @ApiOperation({ summary: 'Reveal the current signing secret (the only route that returns it)' })
  @ApiOkResponse({ type: EndpointSecretDto })
  @ApiErrors(404)
  secret(@Principal() principal: Principal, @Param('id') id: string): Promise<EndpointSecretDto> {
    return this.queries.secret(principal, id);
  }

  @Post(':id/secret/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret; the old one keeps signing for graceSeconds (default 86400, 0: stops at once)' })
  @ApiBody({ type: RotateSecretBody, required: false })
  @ApiOkResponse({ type: EndpointDto })
  @ApiErrors(404, 422, 503)
  async rotate(@Principal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<EndpointDto> {
    return endpointResponse(await this.commands.rotateSecret(principal, id, parseRotate(body)));
  }
}

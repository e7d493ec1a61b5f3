import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '../http/admin-token.guard';
import { parseCreateEndpoint } from './create-endpoint.request';
import { EndpointCommands } from './endpoint-commands';
import { EndpointQueries } from './endpoint-queries';
import { endpointResponse } from './endpoint.response';

@Controller('v1/endpoints')
@UseGuards(AdminTokenGuard)
export class EndpointsController {
  constructor(
    private readonly commands: EndpointCommands,
    private readonly queries: EndpointQueries,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown) {
    return endpointResponse(await this.commands.create(parseCreateEndpoint(body), null));
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return endpointResponse(await this.queries.get(id));
  }

  @Get(':id/secret')
  secret(@Param('id') id: string) {
    return this.queries.secret(id);
  }

  @Get(':id/messages')
  messages(@Param('id') id: string, @Query() query: { status?: string; limit?: string; cursor?: string }) {
    return this.queries.messages(id, query);
  }
}

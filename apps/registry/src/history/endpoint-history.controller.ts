import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@hookline/runtime';
import { Principal } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import { DeliveryListDto, EndpointHealthDto, EndpointStatsDto } from './history.dto';
import { HistoryQueries } from './history.queries';
import { parseMessageList, parseTimeRange, type MessageListParams, type TimeRangeParams } from './history.requests';

@ApiTags('history')
@ApiBearerAuth()
@Controller('v1/endpoints/:id')
@UseGuards(TenantGuard)
export class EndpointHistoryController {
  constructor(private readonly history: HistoryQueries) {}

  @Get('messages')
  @ApiOperation({ summary: "The endpoint's messages with their delivery status, newest first, by cursor" })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'succeeded', 'failed', 'exhausted'] })
  @ApiQuery({ name: 'eventType', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'since', required: false, description: 'ISO-8601, inclusive, on accepted time', schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'until', required: false, description: 'ISO-8601, exclusive', schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'limit', required: false, description: '1–250, default 50', schema: { type: 'integer', minimum: 1, maximum: 250 } })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page', schema: { type: 'string' } })
  @ApiOkResponse({ type: DeliveryListDto })
  @ApiErrors(404, 422)
  messages(@Principal() principal: Principal, @Param('id') id: string, @Query() query: MessageListParams) {
    return this.history.messages(principal, id, parseMessageList(query));
  }

  @Get('stats')
  @ApiOperation({ summary: 'Attempt counts and success rate, over all kept history or a time range' })
  @ApiQuery({ name: 'since', required: false, description: 'ISO-8601, inclusive, on attempt time', schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'until', required: false, description: 'ISO-8601, exclusive', schema: { type: 'string', format: 'date-time' } })
  @ApiOkResponse({ type: EndpointStatsDto })
  @ApiErrors(404, 422)
  stats(@Principal() principal: Principal, @Param('id') id: string, @Query() query: TimeRangeParams) {
    return this.history.stats(principal, id, parseTimeRange(query));
  }

  @Get('health')
  @ApiOperation({ summary: 'Healthy, or failing since when and with which error' })
  @ApiOkResponse({ type: EndpointHealthDto })
  @ApiErrors(404)
  health(@Principal() principal: Principal, @Param('id') id: string) {
    return this.history.health(principal, id);
  }
}

import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@hookline/runtime';
import { Principal } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import { CreateEventTypeBody, EventTypeDto, eventTypeDto, EventTypeListDto } from './event-type.dto';
import { EventTypeCatalog } from './event-type-catalog.service';

@ApiTags('event-types')
@ApiBearerAuth()
@Controller('v1/event-types')
@UseGuards(TenantGuard)
export class EventTypesController {
  constructor(private readonly catalog: EventTypeCatalog) {}

  @Get()
  @ApiOperation({ summary: 'Built-in, global and (for tenant keys) the account’s own event types' })
  @ApiOkResponse({ type: EventTypeListDto })
  @ApiErrors()
  async list(@Principal() principal: Principal): Promise<EventTypeListDto> {
    return { data: (await this.catalog.list(principal)).map(eventTypeDto), nextCursor: null };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an event type: global with the admin token, else private to the key’s account' })
  @ApiBody({ type: CreateEventTypeBody })
  @ApiCreatedResponse({ type: EventTypeDto })
  @ApiErrors(409, 422, 503)
  async create(@Principal() principal: Principal, @Body() body: unknown): Promise<EventTypeDto> {
    return eventTypeDto(await this.catalog.create(principal, body));
  }
}

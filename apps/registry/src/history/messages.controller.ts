import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@hookline/runtime';
import { Principal } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import { MessageDetailDto } from './history.dto';
import { HistoryQueries } from './history.queries';

@ApiTags('history')
@ApiBearerAuth()
@Controller('v1/messages')
@UseGuards(TenantGuard)
export class MessagesController {
  constructor(private readonly history: HistoryQueries) {}

  @Get(':id')
  @ApiOperation({ summary: 'A message: the payload as sent, each endpoint’s status and every attempt' })
  @ApiOkResponse({ type: MessageDetailDto })
  @ApiErrors(404)
  message(@Principal() principal: Principal, @Param('id') id: string) {
    return this.history.message(principal, id);
  }
}

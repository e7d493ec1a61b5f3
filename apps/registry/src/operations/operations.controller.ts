import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@hookline/runtime';
import { Principal } from '../http/principal';
import { TenantGuard } from '../http/tenant.guard';
import { parseRecover, parseTestEvent } from './operation.requests';
import { QueuedMessageDto, RecoverBody, RecoverResultDto, TestEventBody } from './operations.dto';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { Resends, type RecoverResult } from './resends';
import { TestEvents } from './test-events';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/endpoints/:id')
@UseGuards(TenantGuard)
export class OperationsController {
  constructor(
    @Inject(OPERATIONS_CONFIG) private readonly config: OperationsConfig,
    private readonly testEvents: TestEvents,
    private readonly resends: Resends,
  ) {}

  @Post('test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a sample event to this endpoint through the normal pipeline; it shows in the history' })
  @ApiBody({ type: TestEventBody, required: false })
  @ApiAcceptedResponse({ type: QueuedMessageDto })
  @ApiErrors(404, 409, 422)
  test(@Principal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<QueuedMessageDto> {
    return this.testEvents.send(principal, id, parseTestEvent(body));
  }

  @Post('messages/:messageId/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'One more attempt of a message to this endpoint, same webhook-id' })
  @ApiAcceptedResponse({ type: QueuedMessageDto })
  @ApiErrors(404, 409)
  resend(@Principal() principal: Principal, @Param('id') id: string, @Param('messageId') messageId: string): Promise<QueuedMessageDto> {
    return this.resends.resend(principal, id, messageId);
  }

  @Post('recover')
  @HttpCode(202)
  @ApiOperation({ summary: 'One more attempt of every failed or exhausted message accepted in [since, until)' })
  @ApiBody({ type: RecoverBody })
  @ApiAcceptedResponse({ type: RecoverResultDto })
  @ApiErrors(404, 409, 422)
  recover(@Principal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<RecoverResult> {
    const limits = { maxWindowMs: this.config.recoverMaxWindowMs, retentionMs: this.config.historyRetentionMs };
    return this.resends.recover(principal, id, parseRecover(body, new Date(), limits));
  }
}

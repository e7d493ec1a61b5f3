import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EventSchemaValidators } from '@hookline/domain';
import { ApiErrorBody, ApiErrors } from '@hookline/runtime';
import { RegistryTail } from '@hookline/kafka';
import { assertNever } from '@hookline/contracts';
import { traceparentOf } from '@hookline/telemetry';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';
import { countDoorOutcome, ingestedEvents } from '../events/ingest-metrics';
import { DoorFanOut } from './door-fan-out';
import type { DoorOutcome } from './door-batch';
import { EventAcceptedDto, PublishEventBody } from './event.dto';
import { isJsonMediaType } from './media-type';
import { principalFor } from './ingest-principal';
import { decidePublish } from './publish-event';
import { readRawBody } from './raw-body';
import { statusForRejection } from './rejection-status';

/**
 * `POST /v1/events`: the HTTP door. The body is read as raw bytes and checked
 * by the same code as the Kafka door; 202 only once the event's fan-out is
 * committed in Kafka (door-fan-out.ts).
 */
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  private readonly schemas = new EventSchemaValidators();

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly registry: RegistryTail,
    private readonly door: DoorFanOut,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish one event; 202 once it is durably in Kafka' })
  @ApiConsumes('application/json')
  @ApiBody({ type: PublishEventBody })
  @ApiAcceptedResponse({ type: EventAcceptedDto })
  @ApiErrors(400, 404, 413, 415, 422)
  @ApiResponse({
    status: 409,
    description: 'Another request with the same id is being accepted right now (`publish_in_progress`); retry after `Retry-After` seconds',
    type: ApiErrorBody,
  })
  @ApiResponse({ status: 503, description: 'Kafka did not take the event (`publish_failed`): it was not accepted; retry', type: ApiErrorBody })
  async publish(@Req() request: Request, @Res() response: Response): Promise<void> {
    const principal = principalFor(request.headers.authorization, this.registry.view);
    if (principal === null) {
      response.status(401).json({ error: { code: 'unauthorized', message: 'a valid project or account API key is required' } });
      return;
    }
    if (!isJsonMediaType(request.headers['content-type'])) {
      ingestedEvents.add(1, { outcome: 'rejected', reason: 'unsupported_media_type', door: 'http' });
      response.status(415).json({ error: { code: 'unsupported_media_type', message: 'the body must be application/json' } });
      return;
    }
    const body = await readRawBody(request, this.config.maxEventBytes);
    try {
      // An endpoint, key or event type the registry acknowledged before this request is seen.
      await this.registry.waitUntilCurrent();
    } catch (error) {
      response.status(503).json({ error: { code: 'publish_failed', message: `the registry view is not current: ${String(error)}` } });
      return;
    }
    const decision = decidePublish(body, principal, this.registry.view, this.schemas, this.config.maxEventBytes);
    if (!decision.ok) {
      ingestedEvents.add(1, { outcome: 'rejected', reason: decision.reason, door: 'http' });
      response.status(statusForRejection(decision.reason)).json({ error: { code: decision.reason, message: decision.message } });
      return;
    }
    const caller = request.headers.traceparent;
    const outcome = await this.door.publish(decision, typeof caller === 'string' ? caller : traceparentOf());
    countDoorOutcome(outcome);
    this.answer(response, decision.messageId, outcome);
  }

  private answer(response: Response, messageId: string, outcome: DoorOutcome): void {
    switch (outcome.kind) {
      case 'accepted':
      case 'duplicate':
        response.status(202).json({ messageId });
        return;
      case 'in_progress':
        // Another request with this id is being accepted right now and may still fail: neither answer is known yet.
        response
          .status(409)
          .setHeader('retry-after', '1')
          .json({ error: { code: 'publish_in_progress', message: `another request with this id is being accepted; retry` } });
        return;
      case 'rejected':
        response.status(statusForRejection(outcome.reason)).json({ error: { code: outcome.reason, message: outcome.message } });
        return;
      case 'failed':
        // Nothing was accepted, and the caller may retry (the same id is the same message).
        response.status(503).json({ error: { code: 'publish_failed', message: outcome.message } });
        return;
      default:
        assertNever(outcome);
    }
  }
}

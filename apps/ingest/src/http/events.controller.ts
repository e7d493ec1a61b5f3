import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EventSchemaValidators, generateEventId } from '@hookline/domain';
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
import { decideEarly, viewError, type DoorDecisionSteps, type DoorRefusal } from './door-decision';
import { decidePublish } from './publish-event';
import { readRawBody } from './raw-body';
import { statusForRejection } from './rejection-status';

const UNAUTHORIZED: DoorRefusal = { kind: 'rejected', reason: 'unauthorized', message: 'a valid project or account API key is required' };

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
    // Sampled as the request arrives: whatever the registry acknowledged before it will be seen (door-decision.ts).
    const viewCurrent = this.registry.waitUntilCurrent();
    viewCurrent.catch(() => undefined); // awaited by whoever needs it: a refusal below, or the door
    const view = this.registry.view;
    const authorization = request.headers.authorization;
    if (principalFor(authorization, view) === null) {
      // A key acknowledged a moment ago may not be in the view yet: never answer 401 from a view that may be behind.
      const notCurrent = await viewError(viewCurrent);
      if (notCurrent !== null) return this.answer(response, null, notCurrent);
      if (principalFor(authorization, view) === null) return this.answer(response, null, UNAUTHORIZED);
    }
    if (!isJsonMediaType(request.headers['content-type'])) {
      ingestedEvents.add(1, { outcome: 'rejected', reason: 'unsupported_media_type', door: 'http' });
      response.status(415).json({ error: { code: 'unsupported_media_type', message: 'the body must be application/json' } });
      return;
    }
    const body = await readRawBody(request, this.config.maxEventBytes);
    let assignedId: string | undefined;
    const steps: DoorDecisionSteps = {
      viewVersion: () => view.version,
      viewCurrent,
      decide: () => {
        const principal = principalFor(authorization, view);
        if (principal === null) return UNAUTHORIZED;
        const decision = decidePublish(body, principal, view, this.schemas, this.config.maxEventBytes, () => (assignedId ??= generateEventId()));
        return decision.ok ? { kind: 'event', event: decision } : { kind: 'rejected', reason: decision.reason, message: decision.message };
      },
    };
    const early = await decideEarly(steps);
    if (early.verdict.kind !== 'event') {
      countDoorOutcome(early.verdict);
      return this.answer(response, null, early.verdict);
    }
    const event = early.verdict.event;
    const caller = request.headers.traceparent;
    const outcome = await this.door.publish({ event, early, steps, traceparent: typeof caller === 'string' ? caller : traceparentOf() });
    countDoorOutcome(outcome);
    this.answer(response, event.messageId, outcome);
  }

  /** `messageId` is null only for a refusal made before the door. */
  private answer(response: Response, messageId: string | null, outcome: DoorOutcome): void {
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

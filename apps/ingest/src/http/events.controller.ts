import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventSchemaValidators } from '@hookline/domain';
import { RegistryTail } from '@hookline/kafka';
import { INGEST_CONFIG, type IngestConfig } from '../ingest.config';
import { ingestedEvents } from '../events/ingest-metrics';
import { EventPublisher } from './event-publisher';
import { principalFor } from './ingest-principal';
import { decidePublish } from './publish-event';
import { readRawBody } from './raw-body';
import { statusForRejection } from './rejection-status';

/**
 * `POST /v1/events`: the HTTP door. The body is read as raw bytes and checked
 * by the same code as the Kafka door; 202 only once Kafka has the event.
 */
@Controller('v1/events')
export class EventsController {
  private readonly schemas = new EventSchemaValidators();

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly registry: RegistryTail,
    private readonly publisher: EventPublisher,
  ) {}

  @Post()
  @HttpCode(202)
  async publish(@Req() request: Request, @Res() response: Response): Promise<void> {
    const principal = principalFor(request.headers.authorization, this.registry.view);
    if (principal === null) {
      response.status(401).json({ error: { code: 'unauthorized', message: 'a valid project or account API key is required' } });
      return;
    }
    const body = await readRawBody(request, this.config.maxEventBytes);
    const decision = decidePublish(body, principal, this.registry.view, this.schemas, this.config.maxEventBytes);
    if (!decision.ok) {
      ingestedEvents.add(1, { outcome: 'rejected', reason: decision.reason, door: 'http' });
      response.status(statusForRejection(decision.reason)).json({ error: { code: decision.reason, message: decision.message } });
      return;
    }
    await this.publisher.publish(decision.projectId, decision.value, request.headers.traceparent);
    response.status(202).json({ messageId: decision.messageId });
  }
}

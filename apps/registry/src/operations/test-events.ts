import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import type { DeliveryJob, MessageAccepted } from '@hookline/contracts';
import { DomainError, messageIdFor, type EndpointState } from '@hookline/domain';
import { traceparentOf } from '@hookline/telemetry';
import { EventTypeCatalog } from '../event-types/event-type-catalog.service';
import type { Principal } from '../http/principal';
import { TenantAccess } from '../http/tenant-access';
import { JobPublisher } from './job-publisher';
import { OperableEndpoint } from './operable-endpoint';
import type { TestEventRequest } from './operation-requests';
import { chooseTestEventType } from './test-event-type';

/**
 * `POST /v1/endpoints/{id}/test`: a new message for this one endpoint, made
 * exactly as ingest makes one (MessageAccepted + a first-attempt job), so it
 * is signed, retried and recorded in the history like any other.
 */
@Injectable()
export class TestEvents {
  private readonly tracer = trace.getTracer('hookline-registry');

  constructor(
    private readonly db: DataSource,
    private readonly access: TenantAccess,
    private readonly endpoints: OperableEndpoint,
    private readonly catalog: EventTypeCatalog,
    private readonly publisher: JobPublisher,
  ) {}

  async send(principal: Principal, endpointId: string, request: TestEventRequest): Promise<{ messageId: string }> {
    const endpoint = await this.endpoints.of(principal, endpointId);
    const eventType = chooseTestEventType(request.eventType, endpoint.eventTypes, await this.catalog.knownNames(endpoint.accountId));
    const projectId = await this.projectFor(principal, endpoint, request.projectId);
    const eventId = `test_${randomBytes(12).toString('base64url')}`;
    const messageId = messageIdFor(projectId, eventId);
    const attributes = { 'hookline.endpoint.id': endpointId, 'hookline.message.id': messageId };
    await this.tracer.startActiveSpan('operations.test_event', { attributes }, async (span) => {
      try {
        const now = new Date();
        const createdAt = Math.floor(now.getTime() / 1000);
        const message = { messageId, eventId, eventType, projectId, data: request.data, createdAt, traceparent: traceparentOf() };
        await this.publisher.publish([firstJob(message, endpointId)], accepted(message, endpointId, now));
      } finally {
        span.end();
      }
    });
    return { messageId };
  }

  /** A project endpoint's own project; for a partner endpoint the named one, else the account's first. */
  private async projectFor(principal: Principal, endpoint: EndpointState, requested: string | undefined): Promise<string> {
    if (endpoint.scope === 'project' && endpoint.projectId !== null) {
      if (requested !== undefined && requested !== endpoint.projectId) {
        throw new DomainError('validation', 'project_not_allowed', "a project endpoint's test message belongs to its own project", {
          field: 'projectId',
        });
      }
      return endpoint.projectId;
    }
    if (requested !== undefined) {
      const project = await this.access.project(principal, requested);
      if (project.accountId !== endpoint.accountId) throw new DomainError('not_found', 'project_not_found', `no project ${requested}`);
      return project.projectId;
    }
    const rows: Array<{ id: string }> = await this.db.query(`SELECT id FROM projects WHERE account_id = $1 ORDER BY id LIMIT 1`, [
      endpoint.accountId,
    ]);
    const first = rows[0];
    if (first === undefined) {
      throw new DomainError('validation', 'project_required', 'the account has no project to send a test message for', { field: 'projectId' });
    }
    return first.id;
  }
}

interface TestMessage {
  readonly messageId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly projectId: string;
  readonly data: Record<string, unknown>;
  /** Unix seconds, the envelope's created_at. */
  readonly createdAt: number;
  readonly traceparent: string | null;
}

function accepted(message: TestMessage, endpointId: string, now: Date): MessageAccepted {
  return { type: 'MessageAccepted', v: 1, ...message, acceptedAt: now.toISOString(), endpointIds: [endpointId] };
}

function firstJob(message: TestMessage, endpointId: string): DeliveryJob {
  const { messageId, eventType, projectId, data, createdAt, traceparent } = message;
  return { v: 1, messageId, endpointId, attempt: 1, eventType, projectId, data, createdAt, dueAt: null, traceparent, origin: 'test' };
}

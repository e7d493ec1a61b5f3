import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { DomainError, messageIdFor, planMessage, subscribersOf, type EndpointState, type NewMessage } from '@hookline/domain';
import { findFirstProjectId } from '@hookline/persistence/queries';
import { traceparentOf } from '@hookline/telemetry';
import { EventTypeCatalog } from '../event-types/event-type-catalog.service';
import type { Principal } from '../http/principal';
import { TenantAccess } from '../http/tenant-access';
import { JobPublisher } from './job-publisher';
import { OperableEndpoint } from './operable-endpoint';
import type { TestEventRequest } from './operation.requests';
import { chooseTestEventType } from './test-event-type';

/**
 * `POST /v1/endpoints/{id}/test`: a new message for this one endpoint, made
 * exactly as ingest makes one (the same subscriber match and the same plan:
 * MessageAccepted + a first-attempt job), so it is signed, retried and
 * recorded in the history like any other.
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
        const message: NewMessage = { messageId, eventId, eventType, projectId, data: request.data, createdAt, traceparent: traceparentOf() };
        const plan = planMessage(message, this.subscribers(endpoint, message), now, 'test');
        await this.publisher.publish(plan.jobs, plan.accepted);
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
    const first = endpoint.accountId === null ? undefined : await findFirstProjectId(this.db, endpoint.accountId);
    if (first === undefined) {
      throw new DomainError('validation', 'project_required', 'the account has no project to send a test message for', { field: 'projectId' });
    }
    return first;
  }

  /**
   * The fan-out's own match, over this one endpoint: the event type and the
   * project were chosen so that it subscribes, so an empty answer is a bug
   * here, not a request to accept a message nobody gets.
   */
  private subscribers(endpoint: EndpointState, message: NewMessage): EndpointState[] {
    const matched = subscribersOf([endpoint], { projectId: message.projectId, accountId: endpoint.accountId, type: message.eventType });
    if (matched.length === 0) throw new Error(`endpoint ${endpoint.endpointId} does not subscribe to its own test message ${message.messageId}`);
    return matched;
  }
}

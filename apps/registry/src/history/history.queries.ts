import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@hookline/domain';
import {
  endpointHealth,
  endpointStats,
  findMessageDetail,
  InvalidCursorError,
  listEndpointDeliveries,
  type EndpointHealth,
  type EndpointStats,
  type MessageDetail,
} from '@hookline/persistence/queries';
import { canSeeEndpoint, TenantAccess } from '../http/tenant-access';
import type { Principal } from '../http/principal';
import type { MessageListRequest } from './history.requests';

/**
 * Reads of the history read models. Every endpoint route goes through
 * `visibleEndpoint` and the message route through `visibleMessage`: the only
 * two places that decide what a caller may see, both answering 404 for
 * anything outside its tenant.
 */
@Injectable()
export class HistoryQueries {
  constructor(
    private readonly db: DataSource,
    private readonly access: TenantAccess,
  ) {}

  async messages(principal: Principal, endpointId: string, request: MessageListRequest) {
    await this.visibleEndpoint(principal, endpointId);
    try {
      return await listEndpointDeliveries(this.db, { endpointId, ...request });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new DomainError('validation', 'invalid_cursor', error.message, { field: 'cursor' });
      throw error;
    }
  }

  async stats(principal: Principal, endpointId: string, range: { since?: Date; until?: Date }): Promise<EndpointStats> {
    await this.visibleEndpoint(principal, endpointId);
    return endpointStats(this.db, endpointId, range);
  }

  async health(principal: Principal, endpointId: string): Promise<EndpointHealth & { endpointStatus: string }> {
    const endpoint = await this.access.endpoint(principal, endpointId);
    return { endpointStatus: endpoint.status, ...(await endpointHealth(this.db, endpointId)) };
  }

  /** The message if the caller may see its project, with only the deliveries to endpoints it may see. */
  async message(principal: Principal, messageId: string): Promise<MessageDetail> {
    const message = await findMessageDetail(this.db, messageId);
    if (message === undefined || !(await this.canSeeProject(principal, message.projectId))) {
      throw new DomainError('not_found', 'message_not_found', `no message ${messageId}`);
    }
    if (principal.kind === 'admin') return message;
    const deliveries = [];
    for (const delivery of message.deliveries) {
      const endpoint = await this.access.endpoint(principal, delivery.endpointId).catch((error: unknown) => {
        if (error instanceof DomainError && error.kind === 'not_found') return undefined;
        throw error;
      });
      if (endpoint !== undefined && canSeeEndpoint(principal, endpoint)) deliveries.push(delivery);
    }
    return { ...message, deliveries };
  }

  private async visibleEndpoint(principal: Principal, endpointId: string): Promise<void> {
    await this.access.assertEndpointVisible(principal, endpointId);
  }

  private async canSeeProject(principal: Principal, projectId: string): Promise<boolean> {
    if (principal.kind === 'admin') return true;
    try {
      await this.access.project(principal, projectId);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return false;
      throw error;
    }
  }
}

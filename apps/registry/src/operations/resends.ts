import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import type { DeliveryJob } from '@hookline/contracts';
import { deliveryJob, DomainError, type EndpointState } from '@hookline/domain';
import { findDelivery, recoverablePage, type DeliveryToResend } from '@hookline/persistence/queries';
import { traceparentOf } from '@hookline/telemetry';
import type { Principal } from '../http/principal';
import { JobPublisher } from './job-publisher';
import { OperableEndpoint } from './operable-endpoint';
import type { RecoverWindow } from './operation.requests';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { operatorAttempt } from './operator-attempt';

/** Messages per keyset page and per Kafka transaction while recovering. */
const RECOVER_PAGE = 500;

export interface RecoverResult {
  readonly queued: number;
  /** Set when the limit stopped the call: recover again with this as `since` for the rest. */
  readonly nextSince: string | null;
}

/**
 * Resend and recover: new jobs for messages already in the history, with the
 * same message id (receivers dedupe on webhook-id) and an attempt number that
 * cannot collide with any attempt of the automatic schedule (operator-attempt.ts).
 * No MessageAccepted: the message exists; the attempts add to its history.
 */
@Injectable()
export class Resends {
  private readonly tracer = trace.getTracer('hookline-registry');

  constructor(
    @Inject(OPERATIONS_CONFIG) private readonly config: OperationsConfig,
    private readonly db: DataSource,
    private readonly endpoints: OperableEndpoint,
    private readonly publisher: JobPublisher,
  ) {}

  async resend(principal: Principal, endpointId: string, messageId: string): Promise<{ messageId: string }> {
    const endpoint = await this.endpoints.of(principal, endpointId);
    const delivery = await findDelivery(this.db, endpointId, messageId);
    if (delivery === undefined) throw new DomainError('not_found', 'message_not_found', `no message ${messageId} for endpoint ${endpointId}`);
    await this.traced('operations.resend', endpointId, async (traceparent) => {
      await this.publisher.publish([this.jobFor(endpoint, delivery, 'resend', traceparent)]);
    });
    return { messageId };
  }

  /** Pages through the window oldest first, one transaction per page, up to the configured limit. */
  async recover(principal: Principal, endpointId: string, window: RecoverWindow): Promise<RecoverResult> {
    const endpoint = await this.endpoints.of(principal, endpointId);
    const limit = this.config.recoverLimit;
    return this.traced('operations.recover', endpointId, async (traceparent) => {
      let queued = 0;
      let after: DeliveryToResend | null = null;
      for (;;) {
        // One row past the limit tells whether anything is left for a next call.
        const pageSize = Math.min(RECOVER_PAGE, limit - queued + 1);
        const page = await recoverablePage(this.db, {
          endpointId,
          ...window,
          after: after === null ? null : { acceptedAt: after.acceptedAt, messageId: after.messageId },
          limit: pageSize,
        });
        const batch = page.slice(0, limit - queued);
        if (batch.length > 0) await this.publisher.publish(batch.map((delivery) => this.jobFor(endpoint, delivery, 'recover', traceparent)));
        queued += batch.length;
        const left = page[batch.length];
        if (left !== undefined) return { queued, nextSince: left.acceptedAt.toISOString() };
        if (page.length < pageSize) return { queued, nextSince: null };
        after = page[page.length - 1] ?? null;
      }
    });
  }

  private jobFor(endpoint: EndpointState, delivery: DeliveryToResend, origin: 'resend' | 'recover', traceparent: string | null): DeliveryJob {
    const scheduleLength = (endpoint.retrySchedule ?? this.config.retrySchedule).length;
    return deliveryJob(delivery, endpoint.endpointId, operatorAttempt(delivery.attempts, scheduleLength), traceparent, origin);
  }

  /** The jobs carry the operation's span, so their attempts show as caused by it. */
  private traced<T>(name: string, endpointId: string, run: (traceparent: string | null) => Promise<T>): Promise<T> {
    return this.tracer.startActiveSpan(name, { attributes: { 'hookline.endpoint.id': endpointId } }, async (span) => {
      try {
        return await run(traceparentOf());
      } finally {
        span.end();
      }
    });
  }
}

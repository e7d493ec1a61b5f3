import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { encodeJson, topicNames, type DeliveryJob } from '@hookline/contracts';
import {
  buildDeliveryRequest,
  decideOutcome,
  EndpointHealthTracks,
  OpenedEndpointSecrets,
  parseMasterKey,
  type AttemptReport,
  type EndpointState,
  type Followup,
  type OutcomeDecision,
} from '@hookline/domain';
import { OrderedRecordWriter } from '@hookline/kafka';
import { contextFromTraceparent, traceparentOf } from '@hookline/telemetry';
import { recordAttempt } from '../dispatcher-metrics';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';
import { EndpointDisabler } from '../outcome/endpoint-disabler';
import { RetryTiers } from '../outcome/retry-tiers';
import { WebhookSender } from '../sending/webhook-sender';

const USER_AGENT = `Hookline/${process.env.npm_package_version ?? '0.1.0'}`;

/** An attempt whose response is read and decided; its outcome may not be durable yet. */
export interface AttemptOutcome {
  readonly followup: Followup;
  /**
   * Settles once the facts and tier records are durable (acks=all) and a
   * disable was asked for; rejects when they are not, and then the job must be
   * attempted again. The job's source offset is released only after it.
   */
  readonly recorded: Promise<void>;
  /**
   * The lane keeps the slot until `recorded`: the endpoint is being disabled,
   * so nothing more goes out to it before the disable is written.
   */
  readonly keepsSlot: boolean;
}

/**
 * One attempt of one job: sign, send, decide (`decideOutcome`), write. It
 * returns as soon as the response is read and decided, so the lane's slot is
 * not held through the durable write; the write's completion is `recorded`.
 * The attempt's span stays open until then, so it carries the next action.
 */
@Injectable()
export class AttemptHandler {
  private readonly tracer = trace.getTracer('hookline-dispatcher');
  private readonly secrets: OpenedEndpointSecrets;
  private readonly health = new EndpointHealthTracks();
  private readonly deliveryLog: string;

  constructor(
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    private readonly sender: WebhookSender,
    private readonly writer: OrderedRecordWriter,
    private readonly tiers: RetryTiers,
    private readonly disabler: EndpointDisabler,
  ) {
    this.secrets = new OpenedEndpointSecrets(parseMasterKey(config.masterKey));
    this.deliveryLog = topicNames(config.topicPrefix).deliveryLog;
  }

  handle(job: DeliveryJob, endpoint: EndpointState, fifo: boolean, startedAt = new Date()): Promise<AttemptOutcome> {
    const attributes = { 'hookline.endpoint.id': job.endpointId, 'hookline.message.id': job.messageId, 'hookline.attempt': job.attempt };
    return this.tracer.startActiveSpan('webhook.attempt', { kind: SpanKind.CLIENT, attributes }, contextFromTraceparent(job.traceparent), async (span) => {
      let recorded: Promise<void> | undefined;
      try {
        const report = await this.send(job, endpoint, span, startedAt);
        const decision = this.decide(job, endpoint, fifo, report);
        span.setAttributes({ 'http.response.status_code': report.statusCode ?? 0, 'hookline.outcome': decision.succeeded ? 'succeeded' : 'failed' });
        span.setAttribute('hookline.next_action', decision.action.type);
        if (!decision.succeeded) span.setStatus({ code: SpanStatusCode.ERROR, message: report.failure ?? `status ${report.statusCode}` });
        recorded = this.write(job, fifo, report, decision).finally(() => span.end());
        // Awaited by the lane; marked handled here so a failure is never an unhandled rejection in between.
        recorded.catch(() => undefined);
        return { followup: decision.followup, recorded, keepsSlot: decision.disableReason !== null };
      } finally {
        if (recorded === undefined) span.end();
      }
    });
  }

  private async send(job: DeliveryJob, endpoint: EndpointState, span: Span, startedAt: Date): Promise<AttemptReport> {
    const material = this.secrets.forRequest(endpoint, startedAt);
    const request = buildDeliveryRequest({
      job,
      secrets: material.secrets,
      legacySignatureHeader: endpoint.legacySignatureHeader,
      customHeaders: material.customHeaders,
      userAgent: USER_AGENT,
      traceparent: traceparentOf(),
      now: startedAt,
    });
    const result = await this.sender.send(endpoint.url, request.headers, request.body, endpoint.timeoutMs);
    return {
      sendId: randomUUID(),
      startedAt,
      url: endpoint.url,
      recordedHeaders: request.recordedHeaders,
      ...result,
      traceId: span.spanContext().traceId,
    };
  }

  private decide(job: DeliveryJob, endpoint: EndpointState, fifo: boolean, report: AttemptReport): OutcomeDecision {
    const state = {
      job,
      fifo,
      schedule: endpoint.retrySchedule ?? this.config.retrySchedule,
      health: this.health.get(job.endpointId),
      disableAfterMs: this.config.disableAfterMs,
      tierDelays: this.tiers.delays,
      jitter: Math.random(),
    };
    const decision = decideOutcome(state, report, Date.now());
    // Kept at once: the next attempt of this endpoint decides from it, even before this one is durable.
    this.health.set(job.endpointId, decision.health);
    return decision;
  }

  /**
   * Facts and tier records in one acks=all send, in the decided order, so a
   * crash before it repeats the attempt (same webhook-id) instead of losing
   * the retry; then the metrics and, if decided, the disable.
   */
  private async write(job: DeliveryJob, fifo: boolean, report: AttemptReport, decision: OutcomeDecision): Promise<void> {
    // A fifo lane and a decided disable hold their slot until this is durable: they cut the writer's linger short.
    await this.writer.write(
      [
        ...decision.facts.map((fact) => ({ topic: this.deliveryLog, key: job.endpointId, value: encodeJson(fact) })),
        ...decision.records.map((record) => this.tiers.record(record)),
      ],
      { urgent: fifo || decision.disableReason !== null },
    );
    const now = Date.now();
    recordAttempt({
      job,
      succeeded: decision.succeeded,
      durationMs: report.durationMs,
      action: decision.action,
      fifo,
      tierDelays: this.tiers.delays,
      healthChanged: decision.healthChanged,
      // Delivered when the response was read, not when its fact became durable.
      now: report.startedAt.getTime() + report.durationMs,
    });
    if (decision.disableReason !== null) await this.disabler.disable(job.endpointId, decision.disableReason, new Date(now));
  }
}

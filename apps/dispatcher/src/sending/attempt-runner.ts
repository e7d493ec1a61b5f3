import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Agent } from 'undici';
import type { DeliveryJob } from '@hookline/contracts';
import { buildDeliveryRequest, openHeaders, openSecret, parseMasterKey, signingSecrets, type EndpointState } from '@hookline/domain';
import { contextFromTraceparent, traceparentOf } from '@hookline/telemetry';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';
import { sendWebhook, type SendResult } from './http-sender';
import { createOutboundAgent } from './outbound-agent';

const USER_AGENT = `Hookline/${process.env.npm_package_version ?? '0.1.0'}`;

/** What one attempt did, before anyone decides what comes next. */
export interface AttemptReport {
  /** This request's own identity: a repeat of the same attempt after a crash gets a new one. */
  readonly sendId: string;
  readonly startedAt: Date;
  readonly url: string;
  /** The request headers with signatures and credentials redacted. */
  readonly recordedHeaders: Record<string, string>;
  readonly result: SendResult;
  readonly traceId: string;
}

/**
 * One attempt of one job: sign, send through the guarded keep-alive pool, and
 * let the caller record the outcome while the attempt's span is still open, so
 * the span carries the outcome and the next action.
 */
@Injectable()
export class AttemptRunner {
  private readonly tracer = trace.getTracer('hookline-dispatcher');
  private readonly masterKey: Buffer;
  private readonly agent: Agent;

  constructor(@Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig) {
    this.masterKey = parseMasterKey(config.masterKey);
    this.agent = createOutboundAgent(
      { allowPrivateNetworks: config.allowPrivateNetworks, allowlist: config.outboundAllowlist },
      config.connectionsPerOrigin,
    );
  }

  run<T>(job: DeliveryJob, endpoint: EndpointState, record: (report: AttemptReport, span: Span) => Promise<T>): Promise<T> {
    const attributes = {
      'hookline.endpoint.id': job.endpointId,
      'hookline.message.id': job.messageId,
      'hookline.attempt': job.attempt,
    };
    return this.tracer.startActiveSpan(
      'webhook.attempt',
      { kind: SpanKind.CLIENT, attributes },
      contextFromTraceparent(job.traceparent),
      async (span) => {
        try {
          const startedAt = new Date();
          const request = buildDeliveryRequest({
            job,
            secrets: signingSecrets(endpoint, startedAt).map((sealed) => openSecret(sealed, this.masterKey)),
            legacySignatureHeader: endpoint.legacySignatureHeader,
            // The only place custom header values are opened: to send them.
            customHeaders: openHeaders(endpoint.headers, this.masterKey),
            userAgent: USER_AGENT,
            traceparent: traceparentOf(),
            now: startedAt,
          });
          const result = await sendWebhook(endpoint.url, request.headers, request.body, endpoint.timeoutMs, this.config.responseBodyLimitBytes, this.agent);
          const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
          span.setAttributes({ 'http.response.status_code': result.statusCode ?? 0, 'hookline.outcome': succeeded ? 'succeeded' : 'failed' });
          if (!succeeded) span.setStatus({ code: SpanStatusCode.ERROR, message: result.failure ?? `status ${result.statusCode}` });
          const report = { sendId: randomUUID(), startedAt, url: endpoint.url, recordedHeaders: request.recordedHeaders, result, traceId: span.spanContext().traceId };
          return await record(report, span);
        } finally {
          span.end();
        }
      },
    );
  }

  /** Closes the connection pools; called by the consumer after it drained, not by Nest in parallel with it. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

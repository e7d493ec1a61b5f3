import { Inject, Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { AttemptFailed, AttemptSucceeded, DeliveryJob } from '@hookline/contracts';
import { buildDeliveryRequest, openSecret, parseMasterKey, signingSecrets, type EndpointState } from '@hookline/domain';
import { contextFromTraceparent, traceparentOf } from '@hookline/telemetry';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';
import { attemptFact } from './attempt-outcome';
import { sendWebhook } from './http-sender';

const USER_AGENT = `Hookline/${process.env.npm_package_version ?? '0.1.0'}`;

/** One attempt of one job: sign, send, and describe what happened as a fact. Inside one span. */
@Injectable()
export class AttemptRunner {
  private readonly tracer = trace.getTracer('hookline-dispatcher');
  private readonly masterKey: Buffer;

  constructor(@Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig) {
    this.masterKey = parseMasterKey(config.masterKey);
  }

  run(job: DeliveryJob, endpoint: EndpointState): Promise<AttemptSucceeded | AttemptFailed> {
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
          const now = new Date();
          const request = buildDeliveryRequest({
            job,
            secrets: signingSecrets(endpoint, now).map((sealed) => openSecret(sealed, this.masterKey)),
            legacySignatureHeader: endpoint.legacySignatureHeader,
            customHeaders: endpoint.headers,
            userAgent: USER_AGENT,
            traceparent: traceparentOf(),
            now,
          });
          const result = await sendWebhook(endpoint.url, request.headers, request.body, endpoint.timeoutMs, this.config.responseBodyLimitBytes);
          const fact = attemptFact(job, endpoint.url, request.recordedHeaders, result, now, span.spanContext().traceId);
          span.setAttributes({ 'http.response.status_code': result.statusCode ?? 0, 'hookline.outcome': fact.type });
          if (fact.type === 'AttemptFailed') span.setStatus({ code: SpanStatusCode.ERROR, message: fact.reason });
          return fact;
        } finally {
          span.end();
        }
      },
    );
  }
}

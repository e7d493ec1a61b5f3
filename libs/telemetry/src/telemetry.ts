import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';

let exporter: PrometheusExporter | undefined;
let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry; each app calls it from `instrument.ts`, the first import
 * of its main.ts. Metrics are served by the app itself at /metrics (no second
 * port per process). Spans are always recorded so trace ids reach logs and the
 * attempt history; they are exported only when the standard OTEL_* variables
 * name an exporter.
 */
export function startTelemetry(serviceName: string): void {
  if (sdk !== undefined) return;
  exporter = new PrometheusExporter({ preventServerStart: true });
  const exporterConfigured =
    process.env.OTEL_TRACES_EXPORTER !== undefined ||
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined ||
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined;
  sdk = new NodeSDK({
    serviceName,
    metricReaders: [exporter],
    instrumentations: [],
    ...(exporterConfigured ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
  });
  sdk.start();
}

/** Serves the Prometheus text format; 503 before telemetry started. */
export function serveMetrics(request: IncomingMessage, response: ServerResponse): void {
  if (exporter === undefined) {
    response.statusCode = 503;
    response.end('telemetry not started\n');
    return;
  }
  exporter.getMetricsRequestHandler(request, response);
}

export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
  exporter = undefined;
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TracingSink {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  readonly endpoint: string;
  readonly requests: () => number;
  readonly bytes: () => number;
  close(): Promise<void>;
}

/**
 * Where the apps export spans when tracing is measured: an OTLP/HTTP endpoint
 * on loopback that reads each export request to the end and answers 200 with
 * an empty body (an empty ExportTraceServiceResponse: everything accepted).
 * The apps pay for building, batching, serialising and sending every span, as
 * they would to a collector; only the collector's own work is left out.
 */
export async function startTracingSink(): Promise<TracingSink> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      requests += 1;
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => requests,
    bytes: () => bytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The apps' environment with every span sampled and exported over OTLP/HTTP (protobuf) to the sink. */
export function tracingOnEnv(sink: TracingSink): Record<string, string> {
  return {
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
}

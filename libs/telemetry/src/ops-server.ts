import { createServer, type Server } from 'node:http';
import type { Readiness } from './readiness';
import { serveMetrics } from './telemetry';

/**
 * Workers (dispatcher, projector) are application contexts, not HTTP apps; this
 * tiny server gives them /healthz, /readyz and /metrics for Kubernetes probes
 * and Prometheus.
 */
export async function startOpsServer(readiness: Readiness, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/metrics') return serveMetrics(request, response);
    if (path === '/healthz') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (path === '/readyz') {
      void readiness.report().then((report) => {
        response.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      });
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no such route"}}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

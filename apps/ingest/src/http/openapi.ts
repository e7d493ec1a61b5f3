import type { INestApplication } from '@nestjs/common';
import { buildApiDocument, serveApiDocument } from '@hookline/runtime';

/** The ingest API's own OpenAPI document and Swagger UI (`/openapi.json`, `/docs`). */
export function serveIngestOpenApi(app: INestApplication): void {
  const document = buildApiDocument(app, {
    title: 'Hookline ingest',
    description: 'Publish events over HTTP, with the same checks and reason codes as the `events` topic; `202` once Kafka has the event.',
    bearer: 'An account key (hk_acc_…) or a project key (hk_proj_…)',
  });
  serveApiDocument(app, document);
}

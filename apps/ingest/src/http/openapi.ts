import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { answerMethodNotAllowed } from '@hookline/runtime';

/** The ingest API's own document at `/openapi.json` (and Swagger UI at `/docs`), public like the registry's. */
export function serveIngestOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Hookline ingest')
    .setDescription(
      'Publish events over HTTP; the same checks and reason codes as the `events` topic. Errors are `{ error: { code, message, details? } }`.',
    )
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An account key (hk_acc_…) or a project key (hk_proj_…)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  answerMethodNotAllowed(app, document);
}

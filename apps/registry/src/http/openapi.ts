import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document, generated from the controllers and DTOs, at
 * `/openapi.json`, and Swagger UI at `/docs`. Both are public: they describe
 * the API, they do not call it.
 */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Hookline registry')
    .setDescription(
      'Accounts, projects, API keys, event types and webhook endpoints. Errors are `{ error: { code, message, details? } }`; ' +
        'unknown ids and ids of other tenants both answer 404.',
    )
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The admin token, an account key (hk_acc_…) or a project key (hk_proj_…)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The OpenAPI document, generated from the controllers and DTOs, at
 * `/openapi.json`, and Swagger UI at `/docs`. Both are public: they describe
 * the API, they do not call it.
 */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}

/** Also built offline (Nest preview mode) to generate the console's typed client: tools/console/api-types.ts. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hookline registry')
    .setDescription(
      'Accounts, projects, API keys, event types and webhook endpoints. Errors are `{ error: { code, message, details? } }`; ' +
        'unknown ids and ids of other tenants both answer 404.',
    )
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The admin token, an account key (hk_acc_…), a project key (hk_proj_…) or a console session (hk_ps_…)' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

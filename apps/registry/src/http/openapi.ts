import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { answerMethodNotAllowed } from '@hookline/runtime';

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
        'unknown ids and ids of other tenants both answer 404. Text anywhere in a request (path, query, body keys and values) ' +
        'may not contain U+0000 or an unpaired UTF-16 surrogate: 400 `nul_character` / `lone_surrogate`. A path that exists ' +
        'asked with another method answers 405 with `Allow`.',
    )
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The admin token, an account key (hk_acc_…) or a project key (hk_proj_…)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  answerMethodNotAllowed(app, document);
}

import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildApiDocument, serveApiDocument } from '@hookline/runtime';

/** The registry's OpenAPI document and Swagger UI (`/openapi.json`, `/docs`). */
export function serveOpenApi(app: INestApplication): void {
  serveApiDocument(app, openApiDocument(app));
}

/** Also built offline (Nest preview mode) to generate the console's typed client: tools/console/api-types.ts. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return buildApiDocument(app, {
    title: 'Hookline registry',
    description:
      'Accounts, projects, API keys, event types and webhook endpoints. Unknown ids and ids of other tenants both answer 404. ' +
      'Text anywhere in a request (path, query, body keys and values) may not contain U+0000 or an unpaired UTF-16 surrogate: ' +
      '400 `nul_character` / `lone_surrogate`.',
    bearer: 'The admin token, an account key (hk_acc_…), a project key (hk_proj_…) or a console session (hk_ps_…)',
  });
}

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { answerMethodNotAllowed } from './method-not-allowed';

export interface ApiDocumentInfo {
  readonly title: string;
  readonly description: string;
  /** Who may call: which bearer tokens the API takes. */
  readonly bearer: string;
}

/** An HTTP app's OpenAPI document, generated from its controllers and DTOs. */
export function buildApiDocument(app: INestApplication, info: ApiDocumentInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(
      `${info.description} Errors are \`{ error: { code, message, details? } }\`; a documented path asked with another method answers 405 with \`Allow\`.`,
    )
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: info.bearer })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Serves the document at `/openapi.json` (and `/openapi.yaml`), with Swagger
 * UI at `/docs`; both are public: they describe the API, they do not call it.
 * The same document is the route table for 405 answers, so what is
 * documented is what is enforced.
 */
export function serveApiDocument(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  answerMethodNotAllowed(app, document);
}

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { answerMethodNotAllowed } from './method-not-allowed';

export interface ApiDocumentInfo {
  readonly title: string;
  readonly description: string;
  /** Who may call: which bearer tokens the API takes. */
  readonly bearer: string;
}

/**
 * An HTTP app's OpenAPI document, generated from its controllers and DTOs, at
 * `/openapi.json` (and `/openapi.yaml`), with Swagger UI at `/docs`. Both are
 * public: they describe the API, they do not call it. The same document is the
 * route table for 405 answers, so what is documented is what is enforced.
 */
export function serveApiDocument(app: INestApplication, info: ApiDocumentInfo): void {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(`${info.description} Errors are \`{ error: { code, message, details? } }\`; a documented path asked with another method answers 405 with \`Allow\`.`)
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: info.bearer })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  answerMethodNotAllowed(app, document);
}

import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** The part of an OpenAPI document this needs: its path templates and their methods. */
export interface DocumentedPaths {
  readonly paths: Readonly<Record<string, object>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * A documented path asked with a method it does not have answers 405 with an
 * `Allow` header and the standard error body, not Express's 404 page: the
 * OpenAPI document is the contract, so it is also the route table this checks
 * against. Paths it does not document fall through (probes, docs, console)
 * and end in the error filter's 404 when nothing serves them.
 */
export function answerMethodNotAllowed(app: INestApplication, document: DocumentedPaths): void {
  const routes = Object.entries(document.paths).map(([template, operations]) => ({
    pattern: templatePattern(template),
    allowed: allowedMethods(Object.keys(operations)),
  }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const route = routes.find((r) => r.pattern.test(request.path));
    if (route === undefined || route.allowed.includes(request.method)) return next();
    // Express answers HEAD wherever it answers GET; the Allow header lists the documented methods only.
    if (request.method === 'HEAD' && route.allowed.includes('GET')) return next();
    response
      .status(405)
      .set('allow', route.allowed.join(', '))
      .json({ error: { code: 'method_not_allowed', message: `${request.method} is not allowed on ${request.path}; allowed: ${route.allowed.join(', ')}` } });
  });
}

function allowedMethods(keys: readonly string[]): string[] {
  return keys.filter((key) => (METHODS as readonly string[]).includes(key)).map((m) => m.toUpperCase());
}

/** `/v1/endpoints/{id}` → /^\/v1\/endpoints\/[^/]+\/?$/ */
export function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

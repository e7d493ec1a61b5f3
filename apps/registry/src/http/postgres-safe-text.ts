import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { unsafeTextInValue } from '@hookline/domain';

/**
 * Postgres text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate:
 * a fact carrying one would be appended to `registry` and then refused by the
 * projection, and an id carrying one fails its query. So the registry refuses
 * them at the door, in the path, the query string and the JSON body (keys and
 * values), with 400 and ingest's codes (`nul_character`, `lone_surrogate`).
 */
export function refuseUnsafeText(app: INestApplication): void {
  // The body parsers go first, so the check sees the parsed body (Nest then skips adding them again at init).
  const express = app as NestExpressApplication;
  express.useBodyParser('json');
  express.useBodyParser('urlencoded', { extended: true });
  app.use((request: Request, response: Response, next: NextFunction) => {
    let path: string;
    try {
      path = decodeURIComponent(request.path);
    } catch {
      return void response.status(400).json({ error: { code: 'invalid_path', message: 'the path is not valid percent-encoded UTF-8' } });
    }
    const problem = unsafeTextInValue([path, request.query, request.body]);
    if (problem === null) return next();
    const what = problem === 'nul_character' ? 'a NUL character (U+0000)' : 'an unpaired UTF-16 surrogate';
    response.status(400).json({ error: { code: problem, message: `the request contains ${what}, which cannot be stored` } });
  });
}

import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export type UnsafeText = 'nul_character' | 'lone_surrogate';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Postgres text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate:
 * a fact carrying one would be appended to `registry` and then refused by the
 * projection, and an id carrying one fails its query. So the registry refuses
 * them at the door (the codes are ingest's), in keys and values alike. The
 * walk uses its own stack: a 100 kB body can nest far deeper than recursion may.
 */
export function unsafeTextIn(value: unknown): UnsafeText | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      const problem = unsafeString(next);
      if (problem !== null) return problem;
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) {
        const problem = unsafeString(key);
        if (problem !== null) return problem;
        pending.push(item);
      }
    }
  }
  return null;
}

function unsafeString(text: string): UnsafeText | null {
  if (text.includes('\u0000')) return 'nul_character';
  return LONE_SURROGATE.test(text) ? 'lone_surrogate' : null;
}

/** Refuses such text in the path, the query string and the JSON body with 400 and the reason as code. */
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
    const problem = unsafeTextIn([path, request.query, request.body]);
    if (problem === null) return next();
    const what = problem === 'nul_character' ? 'a NUL character (U+0000)' : 'an unpaired UTF-16 surrogate';
    response.status(400).json({ error: { code: problem, message: `the request contains ${what}, which cannot be stored` } });
  });
}

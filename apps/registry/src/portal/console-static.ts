import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response, NextFunction } from 'express';
import { consoleCsp } from './console-csp';

/** Where `npm run build` puts the Vite output, seen from dist/apps/registry/src/portal/. */
export const CONSOLE_DIR = join(__dirname, '..', '..', '..', '..', 'console');

/**
 * The console's static files at /console/, from this process: no CDN, no
 * network fetch at run time. Every response carries the CSP (with the
 * configured frame-ancestors, so it can be embedded only where allowed).
 */
export function serveConsole(app: NestExpressApplication, frameAncestors: string, dir: string = CONSOLE_DIR): void {
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('console').warn(`no console build at ${dir}; run npm run build to serve /console/`);
    return;
  }
  const csp = consoleCsp(frameAncestors);
  app.use('/console', (request: Request, response: Response, next: NextFunction) => {
    // /console → /console/ so the bundle's relative asset paths resolve.
    if (request.originalUrl === '/console' || request.originalUrl.startsWith('/console?')) {
      response.redirect(301, request.originalUrl.replace('/console', '/console/'));
      return;
    }
    response.setHeader('Content-Security-Policy', csp);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  app.useStaticAssets(dir, {
    prefix: '/console/',
    index: 'index.html',
    // Hashed asset names may be cached for good; index.html must not be, or a deploy would serve stale asset names.
    setHeaders: (response, path) => {
      response.setHeader('Cache-Control', path.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable');
    },
  });
}

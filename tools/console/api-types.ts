import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { openApiDocument } from '../../apps/registry/src/http/openapi';
import { RegistryModule } from '../../apps/registry/src/registry.module';

/**
 * The console's typed client is generated from the registry's OpenAPI
 * document by openapi-typescript into apps/console/src/api/schema.d.ts.
 * `node dist/tools/console/api-types.js` rewrites it; the console e2e test
 * checks that the committed file matches the live registry's /openapi.json.
 */
// Run from the repository root (npm scripts and jest both are), from src or from dist alike.
export const API_TYPES_FILE = join(process.cwd(), 'apps', 'console', 'src', 'api', 'schema.d.ts');
const CLI = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');

/** The registry's document without a database or broker: Nest's preview mode wires modules without running providers. */
export async function offlineOpenApiDocument(): Promise<unknown> {
  const app = await NestFactory.create(RegistryModule, { preview: true, logger: false });
  const document = openApiDocument(app);
  await app.close();
  return document;
}

/** What openapi-typescript makes of a document (its CLI: the package is ESM-only). */
export function apiTypesFor(document: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-openapi-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    execFileSync(process.execPath, [CLI, join(dir, 'openapi.json'), '--default-non-nullable', 'false', '-o', join(dir, 'schema.d.ts')], { stdio: 'pipe' });
    return readFileSync(join(dir, 'schema.d.ts'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void offlineOpenApiDocument().then((document) => {
    writeFileSync(API_TYPES_FILE, apiTypesFor(document));
    console.log(`wrote ${API_TYPES_FILE}`);
    process.exit(0);
  });
}

import './instrument';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfigOrExit } from '@hookline/config';
import { bootHttpApp } from '@hookline/runtime';
import { serveOpenApi } from './http/openapi';
import { serveConsole } from './portal/console-static';
import { registryConfigSpec } from './registry.config';
import { RegistryModule } from './registry.module';

const config = loadConfigOrExit(registryConfigSpec);
void bootHttpApp('registry', RegistryModule, config.port, config.host, {
  configure: (app) => {
    serveOpenApi(app);
    serveConsole(app as NestExpressApplication, config.consoleFrameAncestors);
  },
});

import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { bootHttpApp } from '@hookline/runtime';
import { serveOpenApi } from './http/openapi';
import { refuseUnsafeText } from './http/postgres-safe-text';
import { registryConfigSpec } from './registry.config';
import { RegistryModule } from './registry.module';

const config = loadConfigOrExit(registryConfigSpec);
void bootHttpApp('registry', RegistryModule, config.port, config.host, {
  configure: (app) => {
    serveOpenApi(app);
    refuseUnsafeText(app);
  },
});

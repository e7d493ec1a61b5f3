import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { bootWorker } from '@hookline/runtime';
import { dispatcherConfigSpec } from './dispatcher.config';
import { DispatcherModule } from './dispatcher.module';

const config = loadConfigOrExit(dispatcherConfigSpec);
void bootWorker('dispatcher', DispatcherModule, config.port, config.host);

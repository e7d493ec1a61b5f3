import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { bootWorker } from '@hookline/runtime';
import { dispatcherConfigSpec } from './dispatcher.config';
import { DispatcherModule } from './dispatcher.module';

void bootWorker('dispatcher', DispatcherModule, loadConfigOrExit(dispatcherConfigSpec).port);

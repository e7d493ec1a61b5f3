import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { bootWorker } from '@hookline/runtime';
import { ProjectorModule } from './projector.module';
import { projectorConfigSpec } from './projector.config';

void bootWorker('projector', ProjectorModule, loadConfigOrExit(projectorConfigSpec).port);

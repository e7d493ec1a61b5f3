import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { bootWorker } from '@hookline/runtime';
import { ProjectorModule } from './projector.module';
import { projectorConfigSpec } from './projector.config';
import { runProjectorCommand } from './rebuild/projector-commands';

// `projector` runs the worker; `projector rebuild` and `projector check` are one-shot commands (docs/history.md).
const command = process.argv[2];
if (command === undefined) {
  const config = loadConfigOrExit(projectorConfigSpec);
  void bootWorker('projector', ProjectorModule, config.port, config.host);
} else void runProjectorCommand(command, loadConfigOrExit(projectorConfigSpec));

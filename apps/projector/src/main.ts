import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { createKafka, KafkaBatchTransport } from '@hookline/kafka';
import { bootWorker } from '@hookline/runtime';
import { PROJECTOR_SUBSCRIPTIONS, ProjectorModule } from './projector.module';
import { projectorConfigSpec } from './projector.config';
import { runProjectorCommand } from './rebuild/projector-commands';

// `projector` runs the worker; `projector rebuild` and `projector check` are one-shot commands (docs/history.md).
const command = process.argv[2];
if (command === undefined) {
  const config = loadConfigOrExit(projectorConfigSpec);
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-projector' });
  void bootWorker('projector', ProjectorModule, config.port, config.host, new KafkaBatchTransport({ kafka, subscriptions: PROJECTOR_SUBSCRIPTIONS }));
} else void runProjectorCommand(command, loadConfigOrExit(projectorConfigSpec));

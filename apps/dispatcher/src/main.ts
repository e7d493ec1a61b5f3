import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { createKafka, KafkaBatchTransport } from '@hookline/kafka';
import { bootWorker } from '@hookline/runtime';
import { dispatcherConfigSpec } from './dispatcher.config';
import { DISPATCHER_SUBSCRIPTIONS, DispatcherModule } from './dispatcher.module';

const config = loadConfigOrExit(dispatcherConfigSpec);
const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-dispatcher-consumer' });
void bootWorker('dispatcher', DispatcherModule, config.port, config.host, new KafkaBatchTransport({ kafka, subscriptions: DISPATCHER_SUBSCRIPTIONS }));

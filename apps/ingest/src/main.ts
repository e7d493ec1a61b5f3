import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { createKafka, KafkaBatchTransport } from '@hookline/kafka';
import { bootHttpApp } from '@hookline/runtime';
import { ingestConfigSpec } from './ingest.config';
import { serveIngestOpenApi } from './http/openapi';
import { INGEST_SUBSCRIPTIONS, IngestModule } from './ingest.module';

const config = loadConfigOrExit(ingestConfigSpec);
// The events route reads raw bytes itself, so the size limit and the parser match the Kafka door.
// The events consumer is a connected microservice over the Kafka batch transport (libs/kafka/src/transport).
const transport = new KafkaBatchTransport({
  kafka: createKafka({ brokers: config.kafkaBrokers, clientId: 'hookline-ingest' }),
  subscriptions: INGEST_SUBSCRIPTIONS,
});
void bootHttpApp('ingest', IngestModule, config.port, config.host, { bodyParser: false, configure: serveIngestOpenApi, transport });

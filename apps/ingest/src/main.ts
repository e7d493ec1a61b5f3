import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { bootHttpApp } from '@hookline/runtime';
import { ingestConfigSpec } from './ingest.config';
import { serveIngestOpenApi } from './http/openapi';
import { IngestModule } from './ingest.module';

const config = loadConfigOrExit(ingestConfigSpec);
// The events route reads raw bytes itself, so the size limit and the parser match the Kafka door.
void bootHttpApp('ingest', IngestModule, config.port, config.host, { bodyParser: false, configure: serveIngestOpenApi });

import './instrument';
import { loadConfigOrExit } from '@hookline/config';
import { bootWorker } from '@hookline/runtime';
import { ingestConfigSpec } from './ingest.config';
import { IngestModule } from './ingest.module';

void bootWorker('ingest', IngestModule, loadConfigOrExit(ingestConfigSpec).port);

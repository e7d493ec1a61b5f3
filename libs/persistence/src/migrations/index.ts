import { InitialReadModels1763700000000 } from './1763700000000-initial-read-models';
import { Tenants1763700001000 } from './1763700001000-tenants';
import { HistoryRetentionAndTombstones1763700002000 } from './1763700002000-history-retention-and-tombstones';
import { IngestDedupe1763700003000 } from './1763700003000-ingest-dedupe';
import { ProjectorQuarantine1763700004000 } from './1763700004000-projector-quarantine';
import { AttemptSendId1763700005000 } from './1763700005000-attempt-send-id';
import { RedactHeaderValues1763700011000 } from './1763700011000-redact-header-values';
import { PortalSessions1763700012000 } from './1763700012000-portal-sessions';
import { DoorDedupeClaims1763700013000 } from './1763700013000-door-dedupe-claims';

/** Every migration, in order. Listed explicitly: no glob, no `synchronize`. */
export const MIGRATIONS = [
  InitialReadModels1763700000000,
  Tenants1763700001000,
  HistoryRetentionAndTombstones1763700002000,
  IngestDedupe1763700003000,
  ProjectorQuarantine1763700004000,
  AttemptSendId1763700005000,
  RedactHeaderValues1763700011000,
  PortalSessions1763700012000,
  DoorDedupeClaims1763700013000,
];

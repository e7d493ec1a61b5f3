import { DeletedEndpointEntity, EndpointEntity, EndpointHealthEntity, EndpointStatsEntity } from './endpoint.entities';
import { AttemptEntity, MessageDeliveryEntity, MessageEntity } from './history.entities';
import { AccountEntity, ApiKeyEntity, EventTypeEntity, PortalSessionEntity, ProjectEntity } from './tenant.entities';

export * from './endpoint.entities';
export * from './history.entities';
export * from './tenant.entities';

/**
 * The read models as TypeORM entities, so their schema is visible in code. The
 * SQL migrations stay the schema's source (no `synchronize`); an int-spec
 * (read-model-entities.int-spec.ts) fails when an entity and the migrated table disagree.
 */
export const READ_MODEL_ENTITIES = [
  EndpointEntity,
  DeletedEndpointEntity,
  EndpointStatsEntity,
  EndpointHealthEntity,
  MessageEntity,
  MessageDeliveryEntity,
  AttemptEntity,
  AccountEntity,
  ProjectEntity,
  ApiKeyEntity,
  EventTypeEntity,
  PortalSessionEntity,
];

import type { DataSource } from 'typeorm';
import type { RegistrySnapshot } from '@hookline/domain';
import { endpointStateFromRow, type EndpointRow } from '../rows/endpoint-rows';
import {
  accountFromRow,
  apiKeyFromRow,
  eventTypeFromRow,
  projectFromRow,
  type AccountRow,
  type ApiKeyRow,
  type EventTypeRow,
  type ProjectRow,
} from '../rows/tenant-rows';

/**
 * Every registry read model as domain states, sorted like RegistryView.snapshot(),
 * so a test (or an operator after `projector rebuild`) can compare the two.
 * Reads the whole tables: meant for one deployment's database, not a shared one.
 */
export async function loadRegistrySnapshot(db: DataSource): Promise<RegistrySnapshot> {
  const [accounts, projects, apiKeys, eventTypes, endpoints] = await Promise.all([
    db.query(`SELECT * FROM accounts ORDER BY id COLLATE "C"`) as Promise<AccountRow[]>,
    db.query(`SELECT * FROM projects ORDER BY id COLLATE "C"`) as Promise<ProjectRow[]>,
    db.query(`SELECT * FROM api_keys ORDER BY id COLLATE "C"`) as Promise<ApiKeyRow[]>,
    db.query(`SELECT * FROM event_types ORDER BY id COLLATE "C"`) as Promise<EventTypeRow[]>,
    db.query(`SELECT * FROM endpoints ORDER BY id COLLATE "C"`) as Promise<EndpointRow[]>,
  ]);
  return {
    accounts: accounts.map(accountFromRow),
    projects: projects.map(projectFromRow),
    apiKeys: apiKeys.map(apiKeyFromRow),
    eventTypes: eventTypes.map(eventTypeFromRow),
    endpoints: endpoints.map(endpointStateFromRow),
  };
}

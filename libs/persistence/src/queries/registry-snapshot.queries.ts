import type { DataSource } from 'typeorm';
import type { RegistrySnapshot } from '@hookline/domain';
import { AccountEntity, ApiKeyEntity, EventTypeEntity, ProjectEntity } from '../entities';
import { endpointStateFromRow, type EndpointRow } from '../rows/endpoint-rows';
import { accountState, apiKeyState, eventTypeState, projectState } from './tenant-states';

/**
 * Every registry read model as domain states, sorted like RegistryView.snapshot(),
 * so a test (or an operator after `projector rebuild`) can compare the two.
 * Reads the whole tables: meant for one deployment's database, not a shared one.
 */
export async function loadRegistrySnapshot(db: DataSource): Promise<RegistrySnapshot> {
  const [accounts, projects, apiKeys, eventTypes, endpoints] = await Promise.all([
    db.getRepository(AccountEntity).find(),
    db.getRepository(ProjectEntity).find(),
    db.getRepository(ApiKeyEntity).find(),
    db.getRepository(EventTypeEntity).find(),
    db.query(`SELECT * FROM endpoints ORDER BY id COLLATE "C"`) as Promise<EndpointRow[]>,
  ]);
  return {
    accounts: byId(accounts).map(accountState),
    projects: byId(projects).map(projectState),
    apiKeys: byId(apiKeys).map(apiKeyState),
    eventTypes: byId(eventTypes).map(eventTypeState),
    endpoints: endpoints.map(endpointStateFromRow),
  };
}

/** In code-unit order of id, as RegistryView sorts (what `ORDER BY id COLLATE "C"` gives for these ASCII ids). */
function byId<Row extends { id: string }>(rows: Row[]): Row[] {
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

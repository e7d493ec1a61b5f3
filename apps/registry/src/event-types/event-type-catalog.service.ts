import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventTypeKey } from '@hookline/contracts';
import { BUILT_IN_EVENT_TYPES, decideEventType, type EventTypeState } from '@hookline/domain';
import { findCreatedEventType, listCreatedEventTypes } from '@hookline/persistence/queries';
import { asObject, anyText, optional, text } from '../http/body-fields';
import { accountOf, type Principal } from '../http/principal';
import { RegistryLog } from '../facts/registry-log';

/**
 * Event types a principal sees: the built-ins, global (admin-created) types,
 * and its account's own. The admin creates global types; account and project
 * keys create types private to their account, so no tenant sees another's.
 */
@Injectable()
export class EventTypeCatalog {
  constructor(
    private readonly db: DataSource,
    private readonly log: RegistryLog,
  ) {}

  async list(principal: Principal): Promise<EventTypeState[]> {
    return this.visibleTo(accountOf(principal));
  }

  /** Exact names an endpoint of this account may subscribe to. */
  async knownNames(accountId: string | null): Promise<ReadonlySet<string>> {
    return new Set((await this.visibleTo(accountId)).map((type) => type.name));
  }

  async create(principal: Principal, body: unknown): Promise<EventTypeState> {
    const input = asObject(body, 'body');
    const accountId = accountOf(principal);
    const name = text(input.name, 'name');
    const command = {
      type: 'CreateEventType' as const,
      name,
      accountId,
      description: optional(input.description, (v) => anyText(v, 'description')) ?? '',
      schema: input.schema === undefined || input.schema === null ? null : asObject(input.schema, 'schema'),
    };
    const facts = decideEventType(command, await findCreatedEventType(this.db, accountId, name), new Date());
    await this.log.append(`event-type:${eventTypeKey(accountId, name)}`, facts);
    const created = await findCreatedEventType(this.db, accountId, name);
    if (created === undefined) throw new Error(`event type ${name} was projected but cannot be read`);
    return created;
  }

  private async visibleTo(accountId: string | null): Promise<EventTypeState[]> {
    const created = await listCreatedEventTypes(this.db, accountId);
    // An account's own type of a global name shadows it, as RegistryView.eventType resolves it.
    const byName = new Map<string, EventTypeState>(BUILT_IN_EVENT_TYPES.map((type) => [type.name, type]));
    for (const type of created) if (type.accountId !== null || !byName.has(type.name)) byName.set(type.name, type);
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

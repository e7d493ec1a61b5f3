import Ajv from 'ajv';
import type { EventTypeCreated, JsonSchemaDocument } from '@hookline/contracts';
import { DomainError } from './domain-error';
import { isBuiltInEventType, isValidEventTypeName } from './event-type.catalog';
import type { EventTypeState } from './tenant.state';

export interface CreateEventType {
  readonly type: 'CreateEventType';
  readonly name: string;
  /** null: global (only the admin creates those). */
  readonly accountId: string | null;
  readonly description: string;
  readonly schema: JsonSchemaDocument | null;
}

/**
 * `state` is whatever already answers to this name for the owner: the global
 * type of that name, or the account's own. Either makes the name taken.
 */
export function decideEventType(command: CreateEventType, state: EventTypeState | undefined, now: Date): EventTypeCreated[] {
  if (!isValidEventTypeName(command.name)) {
    throw new DomainError('validation', 'event_type_name_invalid', 'name must be lowercase dot-separated segments of a-z, 0-9, _ and -', {
      field: 'name',
    });
  }
  if (state !== undefined || isBuiltInEventType(command.name)) {
    throw new DomainError('conflict', 'event_type_exists', `event type ${command.name} already exists`, { name: command.name });
  }
  if (command.description.trim() === '') {
    throw new DomainError('validation', 'description_required', 'an event type needs a description', { field: 'description' });
  }
  if (command.schema !== null) assertSchemaCompiles(command.schema);
  return [
    {
      type: 'EventTypeCreated',
      v: 1,
      name: command.name,
      accountId: command.accountId,
      description: command.description.trim(),
      schema: command.schema,
      at: now.toISOString(),
    },
  ];
}

/** Compiling is the real test: it catches unknown keywords' bad values and broken $refs, not just shape. */
function assertSchemaCompiles(schema: JsonSchemaDocument): void {
  try {
    new Ajv({ strict: false, allErrors: true }).compile(schema);
  } catch (error) {
    throw new DomainError('validation', 'schema_invalid', 'schema is not a valid JSON Schema', {
      field: 'schema',
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EventTypeState } from '@hookline/domain';

export class CreateEventTypeBody {
  @ApiProperty({ example: 'order.paid', description: 'Lowercase dot-separated segments; not a built-in name' })
  name!: string;

  @ApiProperty({ example: 'An order was paid' })
  description!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'A JSON Schema for `data`; must compile' })
  schema?: Record<string, unknown>;
}

export class EventTypeDto {
  @ApiProperty({ example: 'message.delivered' })
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  schema!: Record<string, unknown> | null;

  @ApiProperty({
    enum: ['builtin', 'global', 'account'],
    description: 'builtin: every deployment has it; global: admin-created; account: private to one account',
  })
  origin!: 'builtin' | 'global' | 'account';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  createdAt!: string | null;
}

export class EventTypeListDto {
  @ApiProperty({ type: [EventTypeDto] })
  data!: EventTypeDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Always null: the catalog is one page' })
  nextCursor!: null;
}

export const eventTypeDto = (type: EventTypeState): EventTypeDto => ({
  name: type.name,
  description: type.description,
  schema: type.schema === null ? null : { ...type.schema },
  origin: type.createdAt === null ? 'builtin' : type.accountId === null ? 'global' : 'account',
  createdAt: type.createdAt,
});

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Documents the body of `POST /v1/events`; the route parses raw bytes itself (the Kafka door's parser). */
export class PublishEventBody {
  @ApiPropertyOptional({ description: 'Your id for the event; the same (projectId, id) within the dedupe window is one message', example: 'evt_1' })
  id?: string;

  @ApiProperty({ description: 'A known event type of the project’s account', example: 'message.delivered' })
  type!: string;

  @ApiPropertyOptional({ description: 'Required with an account key; a project key fills in (or must match) its own project', example: 'proj_…' })
  projectId?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Delivered to endpoints as `data.object`', example: { waId: '4915112345' } })
  data!: Record<string, unknown>;
}

export class EventAcceptedDto {
  @ApiProperty({ description: 'The message id: `webhook-id` of every delivery of this event', example: 'msg_…' })
  messageId!: string;
}

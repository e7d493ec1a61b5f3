import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Swagger shapes of the operations routes; bodies are parsed by hand in operation.requests.ts. */
export class TestEventBody {
  @ApiPropertyOptional({
    example: 'message.delivered',
    description: 'A known type the endpoint subscribes to. Default: its first exact type; for wildcards message.delivered when covered',
  })
  eventType?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Sent as data.object; default: a small sample' })
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ description: "Partner (account) endpoints: the project to send for; default the account's first" })
  projectId?: string;
}

export class RecoverBody {
  @ApiProperty({ format: 'date-time', description: 'Inclusive, on accepted time; not older than the history retention' })
  since!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive; default now. The window is at most 14 days (HOOKLINE_RECOVER_MAX_WINDOW)' })
  until?: string;
}

export class QueuedMessageDto {
  @ApiProperty({ example: 'msg_4Qv…', description: 'The webhook-id the endpoint receives' }) messageId!: string;
}

export class RecoverResultDto {
  @ApiProperty({ description: 'Failed or exhausted messages queued for one more attempt' }) queued!: number;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set when the per-call limit stopped it: call again with this as since for the rest',
  })
  nextSince!: string | null;
}

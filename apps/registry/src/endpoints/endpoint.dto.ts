import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';

/** Swagger shapes of the endpoint routes. Bodies are parsed by hand (create-endpoint.request.ts); these document them. */
export class CreateEndpointBody {
  @ApiProperty({ example: 'https://example.com/webhooks', description: 'https (http only where the deployment allows it); no credentials' })
  url!: string;

  @ApiProperty({ example: 'Order notifications' })
  description!: string;

  @ApiProperty({ type: [String], example: ['message.delivered', 'message.*'], description: 'Known names, `family.*` or `*`' })
  eventTypes!: string[];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 10000, description: 'Absent or null: no limit' })
  rateLimitPerSecond?: number | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { Authorization: 'Basic dXNlcjpwYXNz' },
    description: 'Sent with every delivery; may not override signature, id, timestamp, content-type or hop-by-hop headers',
  })
  headers?: Record<string, string>;

  @ApiPropertyOptional({ minimum: 1000, maximum: 30000, default: 10000 })
  timeoutMs?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
    nullable: true,
    example: ['10s', '1m', '5m'],
    description: 'Delays in ms or durations; null: the deployment schedule',
  })
  retrySchedule?: Array<number | string> | null;

  @ApiPropertyOptional({ enum: ['unordered', 'fifo'], default: 'unordered' })
  ordering?: 'unordered' | 'fifo';

  @ApiPropertyOptional({ type: String, nullable: true, default: 'x-webhook-signature', description: 'Hex HMAC header; null turns it off' })
  legacySignatureHeader?: string | null;

  @ApiPropertyOptional({ enum: ['project', 'account'], default: 'project', description: 'account: a partner webhook for every project of the account' })
  scope?: 'project' | 'account';

  @ApiPropertyOptional({ description: 'Required for project scope unless the key is a project key' })
  projectId?: string;

  @ApiPropertyOptional({ description: 'Admin token only, for account scope' })
  accountId?: string;
}

export class UpdateEndpointBody extends PartialType(OmitType(CreateEndpointBody, ['scope', 'projectId', 'accountId'] as const)) {
  @ApiPropertyOptional({ description: 'Expected current version (or send If-Match); a stale one answers 409' })
  version?: number;
}

export class EndpointDto {
  @ApiProperty({ example: 'ep_0mh8k2x1a4b5c6d7e8f9g0h1i2' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ enum: ['project', 'account'] }) scope!: 'project' | 'account';
  @ApiProperty({ type: String, nullable: true }) projectId!: string | null;
  @ApiProperty({ type: String, nullable: true }) accountId!: string | null;
  @ApiProperty({ enum: ['enabled', 'disabled'] }) status!: 'enabled' | 'disabled';
  @ApiProperty({ type: String, nullable: true }) disabledReason!: string | null;
  @ApiProperty({ type: Number, nullable: true }) rateLimitPerSecond!: number | null;
  @ApiProperty({ type: [String], description: 'Names of the custom headers; values are never returned' }) headers!: string[];
  @ApiProperty() timeoutMs!: number;
  @ApiProperty({ type: [Number], nullable: true, description: 'Delays in ms' }) retrySchedule!: number[] | null;
  @ApiProperty({ enum: ['unordered', 'fifo'] }) ordering!: 'unordered' | 'fifo';
  @ApiProperty({ type: String, nullable: true }) legacySignatureHeader!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'While set, the previous secret still signs' })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({ description: 'Increases with every change; send it back as If-Match' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class EndpointListDto {
  @ApiProperty({ type: [EndpointDto] }) data!: EndpointDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' }) nextCursor!: string | null;
}

export class EndpointSecretDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) key!: string;
}

export class RotateSecretBody {
  @ApiPropertyOptional({ default: 86400, minimum: 0, description: 'How long the old secret keeps signing; 0 stops it at once' })
  graceSeconds?: number;
}

export class DisableEndpointBody {
  @ApiPropertyOptional({ example: 'maintenance window' }) reason?: string;
}

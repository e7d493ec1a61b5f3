import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of the history routes; the handlers return the read models, which have exactly these fields. */
export class DeliveryListItemDto {
  @ApiProperty() messageId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'exhausted'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) acceptedAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) lastStatusCode!: number | null;
}

export class DeliveryListDto {
  @ApiProperty({ type: [DeliveryListItemDto] }) data!: DeliveryListItemDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Pass as ?cursor= for the next (older) page; null on the last page' })
  nextCursor!: string | null;
}

export class EndpointStatsDto {
  @ApiProperty({ description: 'Attempts kept (within the range, when given)' }) total!: number;
  @ApiProperty() successful!: number;
  @ApiProperty() failed!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'successful / total, 0..1; null without attempts' }) successRate!: number | null;
}

class HealthVerdictDto {
  @ApiProperty({ enum: ['healthy', 'failing'] }) health!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class EndpointHealthDto {
  @ApiProperty({ enum: ['healthy', 'failing', 'unknown'] }) status!: string;
  @ApiProperty({ description: 'enabled or disabled' }) endpointStatus!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastErrorAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) failingSince!: string | null;
  @ApiProperty() failuresSinceSuccess!: number;
  @ApiPropertyOptional({ type: HealthVerdictDto, nullable: true }) verdict!: HealthVerdictDto | null;
}

class AttemptDto {
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) outcome!: string;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty() url!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'As sent; signatures and secrets redacted' })
  requestHeaders!: Record<string, string>;
  @ApiPropertyOptional({ type: Number, nullable: true }) responseStatus!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) responseBodyPrefix!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'http_status' }) reason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) traceId!: string | null;
}

class MessageDeliveryDto {
  @ApiProperty() endpointId!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'exhausted'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: [AttemptDto] }) attemptLog!: AttemptDto[];
}

export class MessageDetailDto {
  @ApiProperty() id!: string;
  @ApiProperty() projectId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data as sent in data.object' }) payload!: unknown;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) acceptedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) traceparent!: string | null;
  @ApiProperty({ type: [MessageDeliveryDto] }) deliveries!: MessageDeliveryDto[];
}

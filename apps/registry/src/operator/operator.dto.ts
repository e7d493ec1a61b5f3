import { ApiProperty } from '@nestjs/swagger';
import { EndpointDto } from '../endpoints/endpoint.dto';

export class TriageItemDto {
  @ApiProperty({ type: EndpointDto }) endpoint!: EndpointDto;
  @ApiProperty({ enum: ['failing', 'disabled', 'ok'] }) triage!: 'failing' | 'disabled' | 'ok';
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastErrorAt!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() failedAttempts!: number;
}

export class TriageListDto {
  @ApiProperty({ type: [TriageItemDto] }) data!: TriageItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

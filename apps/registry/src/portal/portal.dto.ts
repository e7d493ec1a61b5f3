import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreatePortalSessionBody {
  @ApiPropertyOptional({ description: 'A project session (one project). Give this or accountId.' })
  projectId?: string;

  @ApiPropertyOptional({ description: "An account session (switches between the account's projects). Give this or projectId." })
  accountId?: string;

  @ApiPropertyOptional({ description: 'Lifetime of the link and of the session it opens, 60–86400 s, default 3600' })
  ttlSeconds?: number;
}

export class PortalSessionDto {
  @ApiProperty({ example: 'ps_0mh8k2x1a4b5c6d7e8f9g0h1i2', description: 'For DELETE /v1/portal/sessions/{id}' })
  id!: string;

  @ApiProperty({ example: 'https://hooks.example.com/console/#portal=hk_pl_…', description: 'One-time link; hand it to the customer' })
  url!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

export class ExchangePortalLinkBody {
  @ApiProperty({ example: 'hk_pl_…', description: 'The token from the link fragment' })
  token!: string;
}

export class PortalTenantDto {
  @ApiProperty({ enum: ['account', 'project'] })
  kind!: 'account' | 'project';

  @ApiProperty()
  accountId!: string;

  @ApiPropertyOptional()
  projectId?: string;
}

export class ExchangedPortalSessionDto {
  @ApiProperty({ example: 'hk_ps_…', description: 'Bearer token for this tab; keep it in sessionStorage at most' })
  sessionToken!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: PortalTenantDto })
  tenant!: PortalTenantDto;
}

export class CallerDto {
  @ApiProperty({ enum: ['admin', 'account', 'project'] })
  kind!: 'admin' | 'account' | 'project';

  @ApiProperty({ enum: ['admin-token', 'api-key', 'portal-session'] })
  credential!: 'admin-token' | 'api-key' | 'portal-session';

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The API key's or console session's id (DELETE /v1/portal/sessions/{id} signs a session out)",
  })
  credentialId!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  accountId!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  projectId!: string | null;
}

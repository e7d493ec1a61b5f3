import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AccountState, ApiKeyState, ProjectState } from '@hookline/domain';

export class CreateAccountBody {
  @ApiProperty({ example: 'Acme Messaging (partner)' })
  name!: string;
}

export class AccountDto {
  @ApiProperty({ example: 'acc_0mh8k2x1a4b5c6d7e8f9g0h1i2' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CreateProjectBody {
  @ApiProperty({ example: 'Acme shop WhatsApp' })
  name!: string;
}

export class ProjectDto {
  @ApiProperty({ example: 'proj_0mh8k2x1a4b5c6d7e8f9g0h1i2' })
  id!: string;

  @ApiProperty()
  accountId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CreateApiKeyBody {
  @ApiPropertyOptional({ description: 'An account key (manages every project of the account). Give this or projectId.' })
  accountId?: string;

  @ApiPropertyOptional({ description: 'A project key (manages one project). Give this or accountId.' })
  projectId?: string;

  @ApiPropertyOptional({ example: 'ci deploys' })
  name?: string;
}

export class ApiKeyDto {
  @ApiProperty({ example: 'key_0mh8k2x1a4b5c6d7e8f9g0h1i2' })
  id!: string;

  @ApiProperty({ enum: ['account', 'project'] })
  scope!: 'account' | 'project';

  @ApiProperty()
  accountId!: string;

  @ApiProperty({ type: String, nullable: true })
  projectId!: string | null;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'hk_proj_', description: 'What the key starts with; the key itself is never shown again' })
  prefix!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;
}

export class ApiKeyCreatedDto extends ApiKeyDto {
  @ApiProperty({ example: 'hk_proj_3q2…', description: 'Shown once; only its hash is stored.' })
  key!: string;
}

export const accountDto = (account: AccountState): AccountDto => ({
  id: account.accountId,
  name: account.name,
  createdAt: account.createdAt,
});

export const projectDto = (project: ProjectState): ProjectDto => ({
  id: project.projectId,
  accountId: project.accountId,
  name: project.name,
  createdAt: project.createdAt,
});

/** Never the hash: a key's hash is as good as a password to anyone with the read model. */
export const apiKeyDto = (key: ApiKeyState): ApiKeyDto => ({
  id: key.keyId,
  scope: key.scope,
  accountId: key.accountId,
  projectId: key.projectId,
  name: key.name,
  prefix: key.scope === 'account' ? 'hk_acc_' : 'hk_proj_',
  createdAt: key.createdAt,
  revokedAt: key.revokedAt,
});

export class AccountListDto {
  @ApiProperty({ type: [AccountDto] }) data!: AccountDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ProjectListDto {
  @ApiProperty({ type: [ProjectDto] }) data!: ProjectDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) data!: ApiKeyDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

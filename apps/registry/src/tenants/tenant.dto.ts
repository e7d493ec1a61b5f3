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

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
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
  createdAt: key.createdAt,
});

import type { ApiKeyCreated } from '@hookline/contracts';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';
import { DomainError } from './domain-error';
import { decideRevokeApiKey, decideTenant } from './tenant.decider';
import { evolveAccount, evolveApiKey, evolveProject } from './tenant.state';

const now = new Date('2026-11-21T10:00:00Z');
const account = { accountId: 'acc_1', name: 'Acme', createdAt: now.toISOString() };
const project = { projectId: 'proj_1', accountId: 'acc_1', name: 'Shop', createdAt: now.toISOString() };

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('tenant decider', () => {
  it('creates accounts and projects with trimmed names, folding first-wins', () => {
    const [created] = decideTenant({ type: 'CreateAccount', accountId: 'acc_1', name: '  Acme ' }, now);
    expect(created).toEqual({ type: 'AccountCreated', v: 1, accountId: 'acc_1', name: 'Acme', at: now.toISOString() });
    if (created?.type !== 'AccountCreated') throw new Error('expected AccountCreated');
    const state = evolveAccount(undefined, created);
    expect(evolveAccount(state, { ...created, name: 'Other' })).toBe(state);

    const [projectCreated] = decideTenant({ type: 'CreateProject', projectId: 'proj_1', name: 'Shop', account }, now);
    if (projectCreated?.type !== 'ProjectCreated') throw new Error('expected ProjectCreated');
    expect(evolveProject(undefined, projectCreated)).toEqual(project);
  });

  it.each(['', '   ', 'x'.repeat(201)])('refuses the name %p', (name) => {
    expect(code(() => decideTenant({ type: 'CreateAccount', accountId: 'acc_1', name }, now))).toBe('name_invalid');
    expect(code(() => decideTenant({ type: 'CreateProject', projectId: 'p', name, account }, now))).toBe('name_invalid');
  });

  it('creates account and project keys that carry only a hash and their owners', () => {
    const [accountKey] = decideTenant({ type: 'CreateApiKey', keyId: 'key_1', keyHash: 'h1', name: 'ci', owner: { scope: 'account', account } }, now);
    expect(accountKey).toMatchObject({ type: 'ApiKeyCreated', scope: 'account', accountId: 'acc_1', projectId: null, keyHash: 'h1' });
    const [projectKey] = decideTenant({ type: 'CreateApiKey', keyId: 'key_2', keyHash: 'h2', name: '', owner: { scope: 'project', project } }, now);
    expect(projectKey).toMatchObject({ scope: 'project', accountId: 'acc_1', projectId: 'proj_1' });
  });

  it('revokes a key once; revoking again decides nothing, an unknown key is not_found', () => {
    const created = decideTenant(
      { type: 'CreateApiKey', keyId: 'key_1', keyHash: 'h', name: '', owner: { scope: 'account', account } },
      now,
    )[0] as ApiKeyCreated;
    const live = evolveApiKey(undefined, created);
    const revokedFacts = decideRevokeApiKey({ type: 'RevokeApiKey', keyId: 'key_1' }, live, now);
    expect(revokedFacts).toEqual([{ type: 'ApiKeyRevoked', v: 1, keyId: 'key_1', at: now.toISOString() }]);
    const revoked = revokedFacts.reduce(evolveApiKey, live);
    expect(revoked?.revokedAt).toBe(now.toISOString());
    expect(decideRevokeApiKey({ type: 'RevokeApiKey', keyId: 'key_1' }, revoked, now)).toEqual([]);
    expect(code(() => decideRevokeApiKey({ type: 'RevokeApiKey', keyId: 'key_9' }, undefined, now))).toBe('api_key_not_found');
  });
});

describe('api keys', () => {
  it('are prefixed by scope, unguessable, and hashed with sha256', () => {
    const key = generateApiKey('project');
    expect(key).toMatch(/^hk_proj_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey('account')).toMatch(/^hk_acc_/);
    expect(generateApiKey('project')).not.toBe(key);
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(looksLikeApiKey(key)).toBe(true);
    expect(looksLikeApiKey('admin-token')).toBe(false);
  });
});

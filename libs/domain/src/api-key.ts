import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyScope } from '@hookline/contracts';

const PREFIX: Record<ApiKeyScope, string> = { account: 'hk_acc_', project: 'hk_proj_' };

/**
 * `hk_acc_…` / `hk_proj_…` + base64url of 32 random bytes. The prefix tells a
 * human (and a secret scanner) what leaked; it grants nothing by itself.
 */
export function generateApiKey(scope: ApiKeyScope): string {
  return PREFIX[scope] + randomBytes(32).toString('base64url');
}

/**
 * sha256 is enough: keys carry 256 random bits, so there is nothing to brute
 * force and no need for a slow password hash on every request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(PREFIX.account) || token.startsWith(PREFIX.project);
}

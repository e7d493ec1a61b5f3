import type { Principal } from '../http/principal';
import type { CallerDto } from './portal.dto';

/** What the console needs to know about its own token to pick its screens; ids only, never the token. */
export function callerDto(principal: Principal): CallerDto {
  switch (principal.kind) {
    case 'admin':
      return { kind: 'admin', credential: 'admin-token', credentialId: null, accountId: null, projectId: null };
    case 'account':
      return { kind: 'account', credential: principal.credential, credentialId: principal.keyId, accountId: principal.accountId, projectId: null };
    case 'project':
      return {
        kind: 'project',
        credential: principal.credential,
        credentialId: principal.keyId,
        accountId: principal.accountId,
        projectId: principal.projectId,
      };
    default: {
      const unknown: never = principal;
      throw new Error(`unknown principal ${JSON.stringify(unknown)}`);
    }
  }
}

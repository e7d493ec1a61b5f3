import { ApiError, createApi, type Api, type Schemas } from '../api/client';

/**
 * Where the console's credential lives: sessionStorage of this tab only, so it
 * ends with the tab and never reaches localStorage, a cookie or the address bar.
 */
const STORAGE_KEY = 'hookline.console.token';

export type Caller = Schemas['CallerDto'];

export interface SignedIn {
  readonly token: string;
  readonly caller: Caller;
  readonly api: Api;
}

export type SignInOutcome = { readonly kind: 'signed-in'; readonly session: SignedIn } | { readonly kind: 'signed-out'; readonly notice: string | null };

/** `#portal=hk_pl_…` from a one-time link, or null. */
export function linkTokenIn(hash: string): string | null {
  const match = /(?:^#|&)portal=(hk_pl_[A-Za-z0-9_-]+)/.exec(hash);
  return match === null ? null : (match[1] as string);
}

/**
 * On load: a one-time link is exchanged for a session (its token is removed
 * from the URL first, whatever the outcome); else the tab's stored credential
 * is checked; else the visitor signs in by pasting an API key.
 */
export async function resumeSession(storage: Storage, location: Location, history: History): Promise<SignInOutcome> {
  const link = linkTokenIn(location.hash);
  if (link !== null) {
    history.replaceState(null, '', location.pathname + location.search + '#/');
    try {
      const exchanged = await createApi('').request('post', '/v1/portal/exchange', { body: { token: link } });
      return { kind: 'signed-in', session: await remember(storage, exchanged.sessionToken) };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        return { kind: 'signed-out', notice: 'This console link was already used, has expired or was revoked. Ask for a new link.' };
      }
      throw error;
    }
  }
  const stored = storage.getItem(STORAGE_KEY);
  if (stored === null) return { kind: 'signed-out', notice: null };
  try {
    return { kind: 'signed-in', session: await remember(storage, stored) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      storage.removeItem(STORAGE_KEY);
      return { kind: 'signed-out', notice: 'Your session has ended. Sign in again.' };
    }
    throw error;
  }
}

/** Checks the token with GET /v1/me and keeps it for this tab. */
export async function remember(storage: Storage, token: string): Promise<SignedIn> {
  const api = createApi(token);
  const caller = await api.request('get', '/v1/me');
  storage.setItem(STORAGE_KEY, token);
  return { token, caller, api };
}

/** Forgets the tab's credential; a portal session is also revoked so the token is dead even if it was copied. */
export async function signOut(storage: Storage, session: SignedIn): Promise<void> {
  storage.removeItem(STORAGE_KEY);
  if (session.caller.credential === 'portal-session' && session.caller.credentialId) {
    await session.api.request('delete', '/v1/portal/sessions/{id}', { params: { id: session.caller.credentialId } });
  }
}

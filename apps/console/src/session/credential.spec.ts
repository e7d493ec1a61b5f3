import { linkTokenIn, resumeSession, signOut } from './credential';

const me = { kind: 'project', credential: 'portal-session', credentialId: 'ps_1', accountId: 'acc_1', projectId: 'proj_1' };
const link = 'hk_pl_' + 'a'.repeat(43);

// jsdom has no fetch Response; the client reads only these three members.
function answer(status: number, body: unknown): Response {
  return { ok: status < 300, status, text: async () => (body === undefined ? '' : JSON.stringify(body)) } as Response;
}

describe('console credential', () => {
  let requests: Array<{ url: string; init: RequestInit | undefined; addressBar: string }>;
  let replies: Array<Response>;

  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    requests = [];
    replies = [];
    window.history.replaceState(null, '', '/console/');
    globalThis.fetch = jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(url), init, addressBar: window.location.href });
      const reply = replies.shift();
      if (reply === undefined) throw new Error(`unexpected fetch ${String(url)}`);
      return reply;
    }) as typeof fetch;
  });

  it('finds the link token in the fragment only', () => {
    expect(linkTokenIn(`#portal=${link}`)).toBe(link);
    expect(linkTokenIn('#/endpoints/ep_1')).toBeNull();
  });

  it('takes the link out of the address bar before exchanging it, and keeps the session in sessionStorage only', async () => {
    window.history.replaceState(null, '', `/console/?theme=dark#portal=${link}`);
    replies.push(answer(200, { sessionToken: 'hk_ps_session', expiresAt: '2026-12-02T11:00:00Z', tenant: { kind: 'project' } }), answer(200, me));
    const outcome = await resumeSession(sessionStorage, window.location, window.history);
    expect(outcome.kind).toBe('signed-in');
    expect(requests[0]?.url).toBe('http://localhost/v1/portal/exchange');
    expect(requests[0]?.addressBar).not.toContain(link);
    expect(JSON.parse(String(requests[0]?.init?.body))).toEqual({ token: link });
    expect((requests[1]?.init?.headers as Record<string, string>).authorization).toBe('Bearer hk_ps_session');
    expect(window.location.href).toBe('http://localhost/console/?theme=dark#/');
    expect(Object.values(sessionStorage)).toEqual(['hk_ps_session']);
    expect(localStorage.length).toBe(0);
  });

  it('explains a spent link and stores nothing', async () => {
    window.history.replaceState(null, '', `/console/#portal=${link}`);
    replies.push(answer(401, { error: { code: 'link_invalid', message: 'spent' } }));
    expect(await resumeSession(sessionStorage, window.location, window.history)).toEqual({
      kind: 'signed-out',
      notice: 'This console link was already used, has expired or was revoked. Ask for a new link.',
    });
    expect(sessionStorage.length).toBe(0);
    expect(window.location.href).not.toContain(link);
  });

  it('resumes from the tab, forgets a dead token, and revokes a portal session on sign-out', async () => {
    sessionStorage.setItem('hookline.console.token', 'hk_ps_old');
    replies.push(answer(401, { error: { code: 'unauthorized', message: 'no' } }));
    expect((await resumeSession(sessionStorage, window.location, window.history)).kind).toBe('signed-out');
    expect(sessionStorage.length).toBe(0);

    sessionStorage.setItem('hookline.console.token', 'hk_ps_live');
    replies.push(answer(200, me));
    const outcome = await resumeSession(sessionStorage, window.location, window.history);
    if (outcome.kind !== 'signed-in') throw new Error('expected a session');
    replies.push(answer(204, undefined));
    await signOut(sessionStorage, outcome.session);
    expect(requests.at(-1)?.url).toBe('http://localhost/v1/portal/sessions/ps_1');
    expect(requests.at(-1)?.init?.method).toBe('DELETE');
    expect(sessionStorage.length).toBe(0);
  });
});

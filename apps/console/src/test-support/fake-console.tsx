import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ApiError, type Api } from '../api/client';
import { ConsoleContext } from '../console-context';
import type { Route } from '../route';
import type { Caller } from '../session/credential';

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/** `'get /v1/endpoints/{id}'` → a reply (a value, or an ApiError to throw) for each call. */
export type Replies = Record<string, (call: Call) => unknown>;

/**
 * Component tests render a screen against a scripted API: the same `Api`
 * interface the console uses, answering from `replies` and recording calls.
 * An unscripted call fails the test loudly rather than hanging.
 */
export function fakeApi(replies: Replies): { api: Api; calls: Call[] } {
  const calls: Call[] = [];
  const api: Api = {
    request: (async (
      method: string,
      path: string,
      options: { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string> } = {},
    ) => {
      const call: Call = { method, path, params: options.params ?? {}, query: options.query ?? {}, body: options.body, headers: options.headers ?? {} };
      calls.push(call);
      const reply = replies[`${method} ${path}`];
      if (reply === undefined) throw new Error(`unscripted API call: ${method} ${path}`);
      const value = reply(call);
      if (value instanceof ApiError) throw value;
      return value;
    }) as Api['request'],
  };
  return { api, calls };
}

export const projectCaller: Caller = { kind: 'project', credential: 'portal-session', credentialId: 'ps_1', accountId: 'acc_1', projectId: 'proj_1' };

export function renderInConsole(
  ui: ReactElement,
  replies: Replies,
  options: { caller?: Caller; navigate?: (route: Route) => void } = {},
): RenderResult & { calls: Call[] } {
  const { api, calls } = fakeApi(replies);
  const rendered = render(
    <ConsoleContext.Provider value={{ api, caller: options.caller ?? projectCaller, projectId: 'proj_1', navigate: options.navigate ?? (() => undefined) }}>
      {ui}
    </ConsoleContext.Provider>,
  );
  return { ...rendered, calls };
}

export const sampleEndpoint = {
  id: 'ep_1',
  url: 'https://crm.example.com/hooks',
  description: 'Orders CRM',
  eventTypes: ['message.delivered'],
  scope: 'project' as const,
  projectId: 'proj_1',
  accountId: 'acc_1',
  status: 'enabled' as const,
  disabledReason: null,
  rateLimitPerSecond: null,
  headers: ['authorization'],
  timeoutMs: 10000,
  retrySchedule: null,
  ordering: 'unordered' as const,
  legacySignatureHeader: 'x-webhook-signature',
  previousSecretExpiresAt: null,
  version: 3,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

export const catalog = [
  { name: 'message.delivered', description: "A message reached the recipient's device", schema: null, origin: 'builtin' as const, createdAt: null },
  { name: 'form.submitted', description: 'A customer submitted a form', schema: null, origin: 'builtin' as const, createdAt: null },
];

export const healthy = {
  status: 'healthy',
  endpointStatus: 'enabled',
  lastSuccessAt: '2026-12-01T10:00:00.000Z',
  lastErrorAt: null,
  lastError: null,
  failingSince: null,
  failuresSinceSuccess: 0,
  verdict: null,
};

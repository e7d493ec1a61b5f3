import { createContext, useContext } from 'react';
import type { Api } from './api/client';
import type { Route } from './route';
import type { Caller } from './session/credential';

/** What every screen needs: the API as the signed-in caller, the project in view, and navigation. */
export interface ConsoleContextValue {
  readonly api: Api;
  readonly caller: Caller;
  /** The project whose Webhooks page is shown; null until one is chosen (admin, account without projects). */
  readonly projectId: string | null;
  readonly navigate: (route: Route) => void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (value === null) throw new Error('useConsole outside ConsoleContext');
  return value;
}

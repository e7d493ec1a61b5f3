import { useCallback, useEffect, useState } from 'react';
import { ConsoleContext } from './console-context';
import { parseRoute, routeHash, type Route } from './route';
import { EndpointEditor } from './editor/EndpointEditor';
import { MessageHistory } from './history/MessageHistory';
import { EndpointList } from './screens/EndpointList';
import { EventCatalog } from './screens/EventCatalog';
import { OperatorView } from './screens/OperatorView';
import { ProjectSwitcher } from './screens/ProjectSwitcher';
import { SignIn } from './screens/SignIn';
import { resumeSession, signOut, type SignedIn, type SignInOutcome } from './session/credential';

type Boot = { readonly kind: 'starting' } | SignInOutcome | { readonly kind: 'broken'; readonly message: string };

export function App() {
  const [boot, setBoot] = useState<Boot>({ kind: 'starting' });
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [projectId, setProjectId] = useState<string | null>(null);

  useEffect(() => {
    resumeSession(window.sessionStorage, window.location, window.history).then(setBoot, (error: unknown) =>
      setBoot({ kind: 'broken', message: error instanceof Error ? error.message : String(error) }),
    );
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const navigate = useCallback((next: Route) => {
    window.location.hash = routeHash(next);
  }, []);

  const signedIn = useCallback((session: SignedIn) => {
    setProjectId(session.caller.projectId ?? null);
    setBoot({ kind: 'signed-in', session });
  }, []);

  useEffect(() => {
    if (boot.kind === 'signed-in') setProjectId((current) => current ?? boot.session.caller.projectId ?? null);
  }, [boot]);

  switch (boot.kind) {
    case 'starting':
      return <p className="page">Loading…</p>;
    case 'broken':
      return (
        <main className="page">
          <p role="alert">The console could not start: {boot.message}</p>
        </main>
      );
    case 'signed-out':
      return <SignIn notice={boot.notice} onSignedIn={signedIn} />;
    case 'signed-in': {
      const { session } = boot;
      const leave = () => {
        void signOut(window.sessionStorage, session).finally(() => setBoot({ kind: 'signed-out', notice: 'Signed out.' }));
      };
      return (
        <ConsoleContext.Provider value={{ api: session.api, caller: session.caller, projectId, navigate }}>
          <header className="topbar">
            <nav aria-label="Console" className="topnav">
              <a href={routeHash({ name: 'list' })}>Webhooks</a>
              <a href={routeHash({ name: 'catalog' })}>Event Catalog</a>
              {session.caller.kind === 'admin' ? <a href={routeHash({ name: 'operator' })}>Operator</a> : null}
            </nav>
            <ProjectSwitcher projectId={projectId} onChange={setProjectId} />
            <button type="button" className="button secondary" onClick={leave}>
              Sign out
            </button>
          </header>
          <main className="page">
            <Screen route={route} />
          </main>
        </ConsoleContext.Provider>
      );
    }
    default: {
      const unknown: never = boot;
      throw new Error(`unknown boot state ${JSON.stringify(unknown)}`);
    }
  }
}

function Screen({ route }: { readonly route: Route }) {
  switch (route.name) {
    case 'list':
      return <EndpointList />;
    case 'editor':
      return <EndpointEditor key={route.endpointId} endpointId={route.endpointId} />;
    case 'messages':
      return <MessageHistory key={route.endpointId} endpointId={route.endpointId} messageId={route.messageId} />;
    case 'catalog':
      return <EventCatalog />;
    case 'operator':
      return <OperatorView />;
    default: {
      const unknown: never = route;
      throw new Error(`unknown route ${JSON.stringify(unknown)}`);
    }
  }
}

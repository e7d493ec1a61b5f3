/** The console's screens, addressed by the URL fragment (`#/…`), so the registry serves one index.html. */
export type Route =
  | { readonly name: 'list' }
  | { readonly name: 'editor'; readonly endpointId: string }
  | { readonly name: 'messages'; readonly endpointId: string; readonly messageId: string | null }
  | { readonly name: 'catalog' }
  | { readonly name: 'operator' };

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const [first, id, third, messageId] = parts;
  if (first === 'endpoints' && id !== undefined) {
    if (third === 'messages') return { name: 'messages', endpointId: id, messageId: messageId ?? null };
    return { name: 'editor', endpointId: id };
  }
  if (first === 'event-types') return { name: 'catalog' };
  if (first === 'operator') return { name: 'operator' };
  return { name: 'list' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'list':
      return '#/';
    case 'editor':
      return `#/endpoints/${encodeURIComponent(route.endpointId)}`;
    case 'messages':
      return `#/endpoints/${encodeURIComponent(route.endpointId)}/messages${route.messageId === null ? '' : `/${encodeURIComponent(route.messageId)}`}`;
    case 'catalog':
      return '#/event-types';
    case 'operator':
      return '#/operator';
    default: {
      const unknown: never = route;
      throw new Error(`unknown route ${JSON.stringify(unknown)}`);
    }
  }
}

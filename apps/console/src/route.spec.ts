import { parseRoute, routeHash, type Route } from './route';

describe('console routes', () => {
  it.each<Route>([
    { name: 'list' },
    { name: 'editor', endpointId: 'ep_1' },
    { name: 'messages', endpointId: 'ep_1', messageId: null },
    { name: 'messages', endpointId: 'ep_1', messageId: 'msg_a/b c' },
    { name: 'catalog' },
    { name: 'operator' },
  ])('round-trips %j through the fragment', (route) => {
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('falls back to the list for anything else, including a portal link fragment', () => {
    expect(parseRoute('')).toEqual({ name: 'list' });
    expect(parseRoute('#portal=hk_pl_x')).toEqual({ name: 'list' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'list' });
  });
});

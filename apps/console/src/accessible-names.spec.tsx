import { screen } from '@testing-library/react';
import { EndpointEditor } from './editor/EndpointEditor';
import { MessageHistory } from './history/MessageHistory';
import { EndpointList } from './screens/EndpointList';
import { EventCatalog } from './screens/EventCatalog';
import { catalog, healthy, renderInConsole, sampleEndpoint } from './test-support/fake-console';

const replies = {
  'get /v1/endpoints': () => ({ data: [sampleEndpoint], nextCursor: null }),
  'get /v1/endpoints/{id}': () => sampleEndpoint,
  'get /v1/endpoints/{id}/health': () => healthy,
  'get /v1/event-types': () => ({ data: catalog, nextCursor: null }),
  'get /v1/endpoints/{id}/stats': () => ({ total: 1, successful: 1, failed: 0, successRate: 1 }),
  'get /v1/endpoints/{id}/messages': () => ({
    data: [
      {
        messageId: 'msg_1',
        eventType: 'message.delivered',
        status: 'succeeded',
        attempts: 1,
        acceptedAt: '2026-12-01T10:00:00Z',
        lastAttemptAt: null,
        nextAttemptAt: null,
        lastStatusCode: 200,
      },
    ],
    nextCursor: null,
  }),
};

/** Every control a keyboard can reach has a name a screen reader can read out. */
describe.each([
  ['Webhooks list', <EndpointList key="l" />, 'Orders CRM'],
  ['Edit Endpoint', <EndpointEditor key="e" endpointId="ep_1" />, 'Signing secret'],
  ['Message History', <MessageHistory key="m" endpointId="ep_1" messageId={null} />, 'msg_1'],
  ['Event Catalog', <EventCatalog key="c" />, 'message.delivered'],
])('%s', (_name, screenUi, marker) => {
  it('names every control and keeps each reachable by keyboard', async () => {
    renderInConsole(screenUi, replies);
    await screen.findAllByText(marker);
    // Testing Library computes accessible names as assistive technology does: every control of each role must have one.
    for (const role of ['button', 'link', 'textbox', 'checkbox', 'combobox', 'spinbutton', 'tab'] as const) {
      const all = screen.queryAllByRole(role);
      const named = screen.queryAllByRole(role, { name: /\S/ });
      expect([role, all.filter((el) => !named.includes(el)).map((el) => el.outerHTML.slice(0, 80))]).toEqual([role, []]);
    }
    const controls = [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, summary')];
    expect(controls.length).toBeGreaterThan(0);
    expect(controls.filter((el) => el.tabIndex < 0).map((el) => el.outerHTML.slice(0, 80))).toEqual([]);
  });
});

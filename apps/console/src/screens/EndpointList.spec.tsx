import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { catalog, healthy, renderInConsole, sampleEndpoint } from '../test-support/fake-console';
import { EndpointList } from './EndpointList';

const endpoints = [
  sampleEndpoint,
  { ...sampleEndpoint, id: 'ep_2', description: 'Support inbox', url: 'https://support.example.com/in', eventTypes: ['message.received', 'form.submitted'] },
  { ...sampleEndpoint, id: 'ep_3', description: 'Old analytics', status: 'disabled' as const },
];

const replies = (deleted: string[] = []) => ({
  'get /v1/endpoints': (call: { query: Record<string, unknown> }) =>
    call.query.cursor === 'c2' ? { data: [], nextCursor: null } : { data: endpoints.filter((e) => !deleted.includes(e.id)), nextCursor: 'c2' },
  'get /v1/endpoints/{id}/health': (call: { params: Record<string, string> }) => (call.params.id === 'ep_2' ? { ...healthy, status: 'failing' } : healthy),
  'get /v1/event-types': () => ({ data: catalog, nextCursor: null }),
  'delete /v1/endpoints/{id}': (call: { params: Record<string, string> }) => {
    deleted.push(call.params.id as string);
    return undefined;
  },
});

describe('Webhooks list', () => {
  it('shows each endpoint by its description, with badge, URL, tags and named icons', async () => {
    renderInConsole(<EndpointList />, replies());
    const row = await screen.findByRole('listitem', { name: 'Support inbox' });
    expect(within(row).getByText('Failing')).toBeTruthy();
    expect(within(row).getByText('https://support.example.com/in')).toBeTruthy();
    expect(
      within(within(row).getByRole('list', { name: 'Event types' }))
        .getAllByRole('listitem')
        .map((t) => t.textContent),
    ).toEqual(['message.received', 'form.submitted']);
    expect(within(row).getByRole('button', { name: 'Delete endpoint' })).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'Edit endpoint' }).getAttribute('href')).toBe('#/endpoints/ep_2');
    expect(within(row).getByRole('link', { name: 'Open endpoint URL' }).getAttribute('rel')).toContain('noopener');
    expect(within(screen.getByRole('listitem', { name: 'Orders CRM' })).getByText('Active')).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: 'Old analytics' })).getByText('Disabled')).toBeTruthy();
  });

  it('pages with Previous / Next by cursor', async () => {
    const { calls } = renderInConsole(<EndpointList />, replies());
    await screen.findByRole('listitem', { name: 'Orders CRM' });
    expect(screen.getByRole('button', { name: 'Previous' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('No endpoints yet. Add one to start receiving events.');
    expect(calls.filter((c) => c.path === '/v1/endpoints').map((c) => c.query.cursor)).toEqual(['', 'c2']);
    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await screen.findByRole('listitem', { name: 'Orders CRM' });
  });

  it('deletes only after a confirmation that says it cannot be undone', async () => {
    const deleted: string[] = [];
    renderInConsole(<EndpointList />, replies(deleted));
    const row = await screen.findByRole('listitem', { name: 'Orders CRM' });
    fireEvent.click(within(row).getByRole('button', { name: 'Delete endpoint' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Endpoint' });
    expect(dialog.textContent).toMatch(/cannot be undone/);
    expect(deleted).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete Endpoint' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Orders CRM' })).toBeNull());
    expect(deleted).toEqual(['ep_1']);
  });

  it('moves focus into a dialog, closes on Escape without deleting, and gives focus back to the icon', async () => {
    const deleted: string[] = [];
    renderInConsole(<EndpointList />, replies(deleted));
    const row = await screen.findByRole('listitem', { name: 'Orders CRM' });
    const deleteIcon = within(row).getByRole('button', { name: 'Delete endpoint' });
    deleteIcon.focus();
    fireEvent.click(deleteIcon);
    const dialog = await screen.findByRole('dialog', { name: 'Delete Endpoint' });
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    expect(dialog.getAttribute('aria-modal') ?? 'true').toBe('true');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(deleteIcon);
    expect(deleted).toEqual([]);
  });
});

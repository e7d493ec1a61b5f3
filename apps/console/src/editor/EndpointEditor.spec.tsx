import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../api/client';
import { catalog, healthy, renderInConsole, sampleEndpoint } from '../test-support/fake-console';
import { EndpointEditor } from './EndpointEditor';

const replies = (extra: Parameters<typeof renderInConsole>[1] = {}) => ({
  'get /v1/endpoints/{id}': () => sampleEndpoint,
  'get /v1/event-types': () => ({ data: catalog, nextCursor: null }),
  'get /v1/endpoints/{id}/health': () => healthy,
  ...extra,
});

describe('Edit Endpoint', () => {
  it('shows the seed sections with their labels', async () => {
    renderInConsole(<EndpointEditor endpointId="ep_1" />, replies());
    await screen.findByRole('heading', { name: 'Edit Endpoint' });
    for (const name of ['Endpoint URL', 'Signing secret', 'Status', 'Event Types', 'Danger Zone']) {
      expect(screen.getByRole('heading', { name })).toBeTruthy();
    }
    for (const name of [
      'Save Changes',
      'Send Test Event',
      'Deselect All',
      'View Messages',
      'Delete Endpoint',
      'Copy secret',
      'Regenerate secret',
      'Reveal secret',
    ]) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    expect(await screen.findByText('No recent delivery errors')).toBeTruthy();
    expect(screen.getByText('Advanced settings')).toBeTruthy();
  });

  it('disables Save with a message once Deselect All leaves no event type', async () => {
    renderInConsole(<EndpointEditor endpointId="ep_1" />, replies());
    const save = await screen.findByRole('button', { name: 'Save Changes' });
    expect(save.hasAttribute('disabled')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Deselect All' }));
    expect(save.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Select at least one event type to save.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: /form\.submitted/ }));
    expect(save.hasAttribute('disabled')).toBe(false);
  });

  it('sends only what changed, with the version it read as If-Match', async () => {
    const { calls } = renderInConsole(
      <EndpointEditor endpointId="ep_1" />,
      replies({ 'patch /v1/endpoints/{id}': () => ({ ...sampleEndpoint, version: 4, url: 'https://new.example.com' }) }),
    );
    fireEvent.change(await screen.findByLabelText('URL'), { target: { value: 'https://new.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Changes' }));
    expect(await screen.findByText('Changes saved.')).toBeTruthy();
    const patch = calls.find((c) => c.method === 'patch');
    expect(patch?.body).toEqual({ url: 'https://new.example.com' });
    expect(patch?.headers).toEqual({ 'if-match': '"3"' });
  });

  it('explains a concurrent change (409) and reloads on request', async () => {
    let reads = 0;
    const { calls } = renderInConsole(
      <EndpointEditor endpointId="ep_1" />,
      replies({
        'get /v1/endpoints/{id}': () => ({ ...sampleEndpoint, version: 3 + reads++ }),
        'patch /v1/endpoints/{id}': () => new ApiError(409, 'version_conflict', 'version 3 is not current'),
      }),
    );
    fireEvent.change(await screen.findByLabelText('URL'), { target: { value: 'https://other.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Changes' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Someone else changed this endpoint/);
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'get' && c.path === '/v1/endpoints/{id}')).toHaveLength(2));
    await waitFor(() => expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe(sampleEndpoint.url));
  });

  it('never shows custom header values, and replaces headers only when asked', async () => {
    const { calls } = renderInConsole(<EndpointEditor endpointId="ep_1" />, replies({ 'patch /v1/endpoints/{id}': () => sampleEndpoint }));
    expect(await screen.findByText(/Set: authorization \(values are write-only/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'Renamed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Changes' }));
    await screen.findByText('Changes saved.');
    expect(calls.find((c) => c.method === 'patch')?.body).toEqual({ description: 'Renamed' });
  });
});

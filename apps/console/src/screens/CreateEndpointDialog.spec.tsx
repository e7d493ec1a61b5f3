import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../api/client';
import { catalog, renderInConsole, sampleEndpoint } from '../test-support/fake-console';
import { CreateEndpointDialog } from './CreateEndpointDialog';

const open = (replies: Parameters<typeof renderInConsole>[1], onCreated = jest.fn()) =>
  renderInConsole(<CreateEndpointDialog open projectId="proj_1" catalog={catalog} onOpenChange={() => undefined} onCreated={onCreated} />, replies);

describe('Create Webhook Endpoint', () => {
  it('has the seed fields, each labelled, and the catalog as described checkboxes', () => {
    open({});
    expect(screen.getByRole('dialog', { name: 'Create Webhook Endpoint' })).toBeTruthy();
    for (const label of ['URL', 'Description', 'Rate Limit (per second)']) expect(screen.getByLabelText(label)).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: /message\.delivered — A message reached/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create Endpoint' })).toBeTruthy();
  });

  it('asks for an event type before calling the API', async () => {
    const { calls } = open({});
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'https://a.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create Endpoint' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Select at least one event type');
    expect(calls).toHaveLength(0);
  });

  it("shows the API's validation code inline, on the field it names", async () => {
    open({ 'post /v1/endpoints': () => new ApiError(422, 'url_not_https', 'url must be https', { field: 'url' }) });
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'http://a.example.com' } });
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'A' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /form\.submitted/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create Endpoint' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The URL must start with https://');
    expect(screen.getByLabelText('URL').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('URL').getAttribute('aria-describedby')).toBe(alert.id);
  });

  it('sends a blank rate limit as no limit and reports the created endpoint', async () => {
    const onCreated = jest.fn();
    const { calls } = open({ 'post /v1/endpoints': () => sampleEndpoint }, onCreated);
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: ' https://crm.example.com/hooks ' } });
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'Orders CRM' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /message\.delivered/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create Endpoint' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(sampleEndpoint));
    expect(calls[0]?.body).toEqual({
      url: 'https://crm.example.com/hooks',
      description: 'Orders CRM',
      eventTypes: ['message.delivered'],
      projectId: 'proj_1',
      scope: 'project',
      rateLimitPerSecond: undefined,
    });
  });
});

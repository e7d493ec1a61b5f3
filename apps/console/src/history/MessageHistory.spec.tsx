import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInConsole } from '../test-support/fake-console';
import type { Route } from '../route';
import { MessageHistory } from './MessageHistory';

const row = (messageId: string, status: string, code: number | null) => ({
  messageId,
  eventType: 'message.delivered',
  status,
  attempts: 1,
  acceptedAt: '2026-12-01T10:00:00.000Z',
  lastAttemptAt: '2026-12-01T10:00:01.000Z',
  nextAttemptAt: null,
  lastStatusCode: code,
});

describe('Message History', () => {
  const replies = (pages: Record<string, unknown[]>) => ({
    'get /v1/endpoints/{id}/stats': () => ({ total: 4, successful: 3, failed: 1, successRate: 0.75 }),
    'get /v1/endpoints/{id}/messages': (call: { query: Record<string, unknown> }) => ({ data: pages[String(call.query.status ?? '')] ?? [], nextCursor: null }),
    'get /v1/messages/{id}': (call: { params: Record<string, string> }) => ({ id: call.params.id, deliveries: [{ endpointId: 'ep_1' }] }),
  });

  it('shows the four cards and the seed columns, a row per message with a named eye icon', async () => {
    renderInConsole(
      <MessageHistory endpointId="ep_1" messageId={null} />,
      replies({ '': [row('msg_ok', 'succeeded', 200), row('msg_bad', 'exhausted', 500)] }),
    );
    await within(await screen.findByRole('group', { name: 'Total Messages' })).findByText('4');
    await screen.findByText('75.0%');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Event Type', 'Status', 'Response', 'Timestamp', 'Message ID', 'Payload']);
    const bad = screen.getByRole('row', { name: /msg_bad/ });
    expect(within(bad).getByText('Failed')).toBeTruthy();
    expect(within(bad).getByText('500')).toBeTruthy();
    expect(within(bad).getByRole('button', { name: 'View payload' })).toBeTruthy();
  });

  it('filters by status and finds a message by id', async () => {
    const navigate = jest.fn<void, [Route]>();
    const { calls } = renderInConsole(
      <MessageHistory endpointId="ep_1" messageId={null} />,
      replies({ '': [row('msg_ok', 'succeeded', 200)], exhausted: [row('msg_bad', 'exhausted', 500)] }),
      { navigate },
    );
    await screen.findByText('msg_ok');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'exhausted' } });
    await screen.findByText('msg_bad');
    expect(screen.queryByText('msg_ok')).toBeNull();
    expect(calls.filter((c) => c.path === '/v1/endpoints/{id}/messages').at(-1)?.query.status).toBe('exhausted');
    fireEvent.change(screen.getByLabelText('Search by message ID'), { target: { value: 'msg_found' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ name: 'messages', endpointId: 'ep_1', messageId: 'msg_found' }));
  });

  it('shows new deliveries without a reload', async () => {
    jest.useFakeTimers();
    const pages: Record<string, unknown[]> = { '': [row('msg_1', 'succeeded', 200)] };
    renderInConsole(<MessageHistory endpointId="ep_1" messageId={null} />, replies(pages));
    await screen.findByText('msg_1');
    pages[''] = [row('msg_2', 'pending', null), row('msg_1', 'succeeded', 200)];
    jest.advanceTimersByTime(3000);
    jest.useRealTimers();
    expect(await screen.findByText('msg_2')).toBeTruthy();
  });
});

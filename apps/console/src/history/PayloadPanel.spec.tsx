import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInConsole } from '../test-support/fake-console';
import { PayloadPanel } from './PayloadPanel';

const hostile = {
  id: 'msg_1',
  projectId: 'proj_1',
  eventId: 'evt_<b>bold</b>',
  eventType: 'message.received',
  payload: { text: '<script>window.__pwned = 1</script>', html: '<img src=x onerror="window.__pwned=2">' },
  createdAt: '2026-12-01T10:00:00.000Z',
  acceptedAt: '2026-12-01T10:00:01.000Z',
  traceparent: null,
  deliveries: [
    {
      endpointId: 'ep_1',
      status: 'failed',
      attempts: 2,
      lastAttemptAt: '2026-12-01T10:00:05.000Z',
      nextAttemptAt: '2026-12-01T10:01:05.000Z',
      attemptLog: [
        {
          attempt: 1,
          outcome: 'failed',
          attemptedAt: '2026-12-01T10:00:02.000Z',
          durationMs: 10000,
          url: 'https://x',
          requestHeaders: {},
          responseStatus: null,
          responseBodyPrefix: null,
          reason: 'timeout',
          error: 'timed out after 10000 ms',
          traceId: null,
        },
        {
          attempt: 2,
          outcome: 'failed',
          attemptedAt: '2026-12-01T10:00:05.000Z',
          durationMs: 31,
          url: 'https://x',
          requestHeaders: {},
          responseStatus: 500,
          responseBodyPrefix: '<h1 onclick="x()">oops</h1>',
          reason: 'http_status',
          error: null,
          traceId: null,
        },
      ],
    },
  ],
};

describe('Message payload panel', () => {
  it('renders payload, response body and metadata as text, never as markup', async () => {
    renderInConsole(<PayloadPanel endpointId="ep_1" messageId="msg_1" onClose={() => undefined} />, { 'get /v1/messages/{id}': () => hostile });
    const json = await screen.findByLabelText('Payload JSON');
    expect(json.textContent).toContain('<script>window.__pwned = 1</script>');
    expect(json.textContent).toContain('"id": "msg_1"');
    expect(json.textContent).toContain('"object": {');
    expect(screen.getByLabelText('Response body').textContent).toBe('<h1 onclick="x()">oops</h1>');
    expect(screen.getByText('evt_<b>bold</b>')).toBeTruthy();
    expect(document.querySelector('script, img, h1, b')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows every attempt with its duration and error, and the next attempt', async () => {
    renderInConsole(<PayloadPanel endpointId="ep_1" messageId="msg_1" onClose={() => undefined} />, { 'get /v1/messages/{id}': () => hostile });
    const attempts = await screen.findByRole('list', { name: 'Attempts' });
    expect(attempts.children).toHaveLength(2);
    expect(attempts.textContent).toContain('Attempt 1: failed');
    expect(attempts.textContent).toContain('HTTP 500');
    expect(attempts.textContent).toContain('31 ms');
    expect(attempts.textContent).toContain('timed out after 10000 ms');
    expect(screen.getByText(/Next attempt/)).toBeTruthy();
  });

  it('resends to this endpoint and closes on Escape', async () => {
    const onClose = jest.fn();
    const { calls } = renderInConsole(<PayloadPanel endpointId="ep_1" messageId="msg_1" onClose={onClose} />, {
      'get /v1/messages/{id}': () => hostile,
      'post /v1/endpoints/{id}/messages/{messageId}/resend': () => ({ messageId: 'msg_1' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Resend' }));
    expect(await screen.findByText(/Resent: one more attempt of msg_1/)).toBeTruthy();
    expect(calls.find((c) => c.method === 'post')?.params).toEqual({ id: 'ep_1', messageId: 'msg_1' });
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});

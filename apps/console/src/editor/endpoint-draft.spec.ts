import { sampleEndpoint } from '../test-support/fake-console';
import { draftOf, draftProblem, formatDelay, patchOf } from './endpoint-draft';

describe('endpoint draft', () => {
  it('patches nothing when nothing changed', () => {
    expect(patchOf(sampleEndpoint, draftOf(sampleEndpoint))).toEqual({});
  });

  it('patches each changed field in the API’s terms', () => {
    const draft = { ...draftOf(sampleEndpoint), rateLimit: '25', fifo: true, legacySignatureHeader: '', retrySchedule: '10s, 1m ,', timeoutMs: '5000' };
    expect(patchOf(sampleEndpoint, draft)).toEqual({
      rateLimitPerSecond: 25,
      ordering: 'fifo',
      legacySignatureHeader: null,
      retrySchedule: ['10s', '1m'],
      timeoutMs: 5000,
    });
    expect(patchOf({ ...sampleEndpoint, rateLimitPerSecond: 5 }, { ...draftOf({ ...sampleEndpoint, rateLimitPerSecond: 5 }), rateLimit: '' })).toEqual({
      rateLimitPerSecond: null,
    });
  });

  it('sends headers only when they were replaced, dropping blank names', () => {
    const draft = {
      ...draftOf(sampleEndpoint),
      headers: [
        { name: ' Authorization ', value: 'Basic abc' },
        { name: '', value: 'x' },
      ],
    };
    expect(patchOf(sampleEndpoint, draft)).toEqual({ headers: { Authorization: 'Basic abc' } });
  });

  it('refuses to save without an event type or a URL', () => {
    expect(draftProblem(draftOf(sampleEndpoint))).toBeNull();
    expect(draftProblem({ ...draftOf(sampleEndpoint), eventTypes: [] })).toBe('Select at least one event type to save.');
    expect(draftProblem({ ...draftOf(sampleEndpoint), url: ' ' })).toBe('Enter the endpoint URL.');
  });

  it('shows delays the way the API takes them back', () => {
    expect([10_000, 60_000, 300_000, 7_200_000, 86_400_000, 1500].map(formatDelay)).toEqual(['10s', '1m', '5m', '2h', '1d', '1500']);
    expect(draftOf({ ...sampleEndpoint, retrySchedule: [10_000, 60_000] }).retrySchedule).toBe('10s, 1m');
  });
});

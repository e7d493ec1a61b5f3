import { domainErrorCode as codeOf } from '@hookline/testing';
import { parseRecover, parseTestEvent, SAMPLE_TEST_DATA } from './operation.requests';

const NOW = new Date('2026-03-01T12:00:00Z');
const LIMITS = { maxWindowMs: 14 * 86_400_000, retentionMs: 30 * 86_400_000 };

describe('parseRecover', () => {
  it('defaults until to now', () => {
    expect(parseRecover({ since: '2026-03-01T00:00:00Z' }, NOW, LIMITS)).toEqual({ since: new Date('2026-03-01T00:00:00Z'), until: NOW });
  });

  it('names each broken rule', () => {
    expect(codeOf(() => parseRecover({}, NOW, LIMITS))).toBe('invalid_field');
    expect(codeOf(() => parseRecover(undefined, NOW, LIMITS))).toBe('invalid_field');
    expect(codeOf(() => parseRecover({ since: 'yesterday' }, NOW, LIMITS))).toBe('invalid_time');
    expect(codeOf(() => parseRecover({ since: '2026-03-01T10:00:00Z', until: '2026-03-01T09:00:00Z' }, NOW, LIMITS))).toBe('invalid_time_range');
    expect(codeOf(() => parseRecover({ since: '2026-02-10T00:00:00Z' }, NOW, LIMITS))).toBe('recover_window_too_long');
    expect(codeOf(() => parseRecover({ since: '2026-01-01T00:00:00Z', until: '2026-01-02T00:00:00Z' }, NOW, LIMITS))).toBe('since_before_retention');
  });
});

describe('parseTestEvent', () => {
  it('sends sample data when none is given', () => {
    expect(parseTestEvent(undefined)).toEqual({ eventType: undefined, data: SAMPLE_TEST_DATA, projectId: undefined });
  });

  it('checks the shape of each field', () => {
    expect(codeOf(() => parseTestEvent({ data: [1] }))).toBe('invalid_field');
    expect(codeOf(() => parseTestEvent({ eventType: 3 }))).toBe('invalid_field');
  });
});

import { newId } from './ids';

describe('newId', () => {
  it('sorts by creation time and is URL-safe', () => {
    const earlier = newId('ep', new Date('2026-01-01T00:00:00Z'));
    const later = newId('ep', new Date('2026-01-01T00:00:00.001Z'));
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^ep_[0-9a-z]{23}$/);
  });

  it('is unique within one millisecond', () => {
    const now = new Date();
    const ids = new Set(Array.from({ length: 1000 }, () => newId('ep', now)));
    expect(ids.size).toBe(1000);
  });
});

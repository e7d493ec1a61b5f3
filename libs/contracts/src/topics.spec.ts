import { delayLabel, topicNames } from './topics';

describe('topicNames', () => {
  it('prefixes every topic', () => {
    const topics = topicNames('acme.');
    expect([topics.events, topics.registry, topics.deliveries, topics.deliveryLog, topics.deadLetter]).toEqual([
      'acme.events',
      'acme.registry',
      'acme.deliveries',
      'acme.delivery-log',
      'acme.dead-letter',
    ]);
    expect(topics.retry(60_000)).toBe('acme.retry.1m');
  });

  it('labels delays with the largest whole unit', () => {
    expect(delayLabel(10_000)).toBe('10s');
    expect(delayLabel(90_000)).toBe('90s');
    expect(delayLabel(7_200_000)).toBe('2h');
    expect(delayLabel(86_400_000)).toBe('1d');
    expect(delayLabel(1_500)).toBe('1500ms');
    expect(() => delayLabel(0)).toThrow(RangeError);
  });
});

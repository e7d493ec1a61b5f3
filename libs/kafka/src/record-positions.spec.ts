import { positionsOf, shardOf } from './record-positions';

describe('shardOf', () => {
  it('sends one key always to the same shard, within range', () => {
    for (const key of ['a', 'endpoint-1', 'ep_2XyZ', '']) {
      expect(shardOf(key, 4)).toBe(shardOf(key, 4));
      expect(shardOf(key, 4)).toBeGreaterThanOrEqual(0);
      expect(shardOf(key, 4)).toBeLessThan(4);
    }
  });

  it('spreads keys over the shards', () => {
    const used = new Set(Array.from({ length: 100 }, (_, i) => shardOf(`endpoint-${i}`, 4)));
    expect(used.size).toBe(4);
  });
});

describe('positionsOf', () => {
  it('numbers the records of each partition from its base offset, in request order', () => {
    const sent = [
      { topic: 'a', partition: 0 },
      { topic: 'a', partition: 1 },
      { topic: 'a', partition: 0 },
      { topic: 'b', partition: 0 },
    ];
    const acks = [
      { topicName: 'a', partition: 0, baseOffset: '10' },
      { topicName: 'a', partition: 1, baseOffset: '3' },
      { topicName: 'b', partition: 0, baseOffset: '0' },
    ];
    expect(positionsOf(sent, acks)).toEqual([
      { topic: 'a', partition: 0, offset: '10' },
      { topic: 'a', partition: 1, offset: '3' },
      { topic: 'a', partition: 0, offset: '11' },
      { topic: 'b', partition: 0, offset: '0' },
    ]);
  });

  it('fails when the broker named no offset for a partition written', () => {
    expect(() => positionsOf([{ topic: 'a', partition: 0 }], [])).toThrow('no offset for a:0');
  });
});

import { toTopicMessages } from './topic-messages';

describe('toTopicMessages', () => {
  it('groups by topic in first-seen order and keeps record order within a topic', () => {
    const record = (topic: string, key: string) => ({ topic, key, value: Buffer.from(key) });
    expect(toTopicMessages([record('a', '1'), record('b', '2'), record('a', '3')])).toEqual([
      {
        topic: 'a',
        messages: [
          { key: '1', value: Buffer.from('1') },
          { key: '3', value: Buffer.from('3') },
        ],
      },
      { topic: 'b', messages: [{ key: '2', value: Buffer.from('2') }] },
    ]);
  });
});

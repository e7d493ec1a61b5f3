import { offsetsByGroup } from './transactional-unit';

describe('offsetsByGroup', () => {
  it('groups offsets by consumer group and topic, keeping the furthest per partition', () => {
    const grouped = offsetsByGroup([
      { records: [], consumerGroupId: 'g', offsets: [{ topic: 't', partition: 0, nextOffset: '5' }] },
      {
        records: [],
        consumerGroupId: 'g',
        offsets: [
          { topic: 't', partition: 0, nextOffset: '3' },
          { topic: 't', partition: 1, nextOffset: '9' },
        ],
      },
      { records: [], consumerGroupId: 'h', offsets: [{ topic: 'u', partition: 2, nextOffset: '10' }] },
      { records: [], offsets: [] },
    ]);
    expect(grouped).toEqual(
      new Map([
        [
          'g',
          new Map([
            [
              't',
              [
                { partition: 0, offset: '5' },
                { partition: 1, offset: '9' },
              ],
            ],
          ]),
        ],
        ['h', new Map([['u', [{ partition: 2, offset: '10' }]]])],
      ]),
    );
  });

  it('leaves out a batch that commits no input', () => {
    expect(offsetsByGroup([{ records: [], offsets: [] }])).toEqual(new Map());
  });
});

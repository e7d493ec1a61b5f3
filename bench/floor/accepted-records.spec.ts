import { acceptedRecords, acceptedRequests } from './accepted-records';

const events = [
  { key: 'e1', value: Buffer.from('{"id":"e1"}') },
  { key: 'e2', value: Buffer.from('{"id":"e2"}') },
];

describe('acceptedRecords', () => {
  it('puts the events alone on the jobs topic when there is no log', () => {
    expect(acceptedRecords({ jobs: 'jobs' }, events, 7)).toEqual([{ topic: 'jobs', messages: events }]);
  });

  it('with a log topic, writes a job per endpoint keyed by it and one accepted fact per event', () => {
    const [jobs, log] = acceptedRecords({ jobs: 'jobs', log: 'log', fanOut: 3 }, events, 7);
    expect(jobs?.messages.map((m) => [m.key, m.headers?.['floor-endpoint'], String(m.value)])).toEqual([
      ['endpoint-0', '0', '{"id":"e1"}'],
      ['endpoint-1', '1', '{"id":"e1"}'],
      ['endpoint-2', '2', '{"id":"e1"}'],
      ['endpoint-0', '0', '{"id":"e2"}'],
      ['endpoint-1', '1', '{"id":"e2"}'],
      ['endpoint-2', '2', '{"id":"e2"}'],
    ]);
    expect(log?.topic).toBe('log');
    expect(log?.messages.map((m) => [m.key, JSON.parse(String(m.value))])).toEqual([
      ['e1', { type: 'accepted', id: 'e1', at: 7 }],
      ['e2', { type: 'accepted', id: 'e2', at: 7 }],
    ]);
  });
});

describe('acceptedRequests', () => {
  const big = Array.from({ length: 300 }, (_, i) => ({ key: `e${i}`, value: Buffer.alloc(10_000) }));

  it('keeps every request under the chunk budget, jobs for every endpoint counted', () => {
    const requests = acceptedRequests({ jobs: 'jobs', log: 'log', fanOut: 10 }, big, 1);
    const jobBytes = (request: (typeof requests)[number]) => request[0]?.messages.reduce((n, m) => n + (m.value as Buffer).length, 0) ?? 0;
    expect(requests.length).toBeGreaterThan(1);
    expect(Math.max(...requests.map(jobBytes))).toBeLessThanOrEqual(512 * 1024);
    expect(requests.flatMap((r) => r[1]?.messages ?? []).map((m) => m.key)).toEqual(big.map((e) => e.key));
  });

  it('sends a small group in one request', () => {
    expect(acceptedRequests({ jobs: 'jobs' }, big.slice(0, 3), 1)).toHaveLength(1);
  });
});

import { DEFAULT_FLOOR_STEPS, parseFloorSteps } from './floor-steps';

describe('parseFloorSteps', () => {
  it('reads each door and rate in order', () => {
    expect(parseFloorSteps('http/200, kafka/5000, kafka/1000x10')).toEqual([
      { input: 'http', rate: 200, fanOut: 1 },
      { input: 'kafka', rate: 5000, fanOut: 1 },
      { input: 'kafka', rate: 1000, fanOut: 10 },
    ]);
  });

  it('has defaults it can read itself', () => {
    expect(parseFloorSteps(DEFAULT_FLOOR_STEPS).map((s) => s.input)).toEqual(['http', 'http', 'kafka', 'kafka']);
  });

  it.each(['grpc/200', 'http/0', 'http/', 'http/2.5', 'kafka/100x0', 'kafka/100x', ''])('refuses %p, naming it', (bad) => {
    expect(() => parseFloorSteps(bad)).toThrow(`got "${bad}"`);
  });
});

import { endpointsOf, eventTypesOf, GROUP_PLANS, pairsPerEvent } from './endpoint-group';

describe('endpoint groups', () => {
  it('owes a broadcast event to every endpoint', () => {
    expect(endpointsOf({ routing: 'broadcast', endpoints: 3 }, 7)).toEqual([0, 1, 2]);
    expect(pairsPerEvent({ routing: 'broadcast', endpoints: 10 })).toBe(10);
  });

  it('owes a spread event to one endpoint, the one whose type it has', () => {
    const plan = GROUP_PLANS.find((g) => g.name === 's100');
    if (plan === undefined) throw new Error('no s100 plan');
    const types = eventTypesOf(plan);
    expect(types).toHaveLength(100);
    expect(new Set(types).size).toBe(100);
    // Event 205 has type types[205 % 100] = types[5], the type endpoint 5 subscribes to.
    expect(endpointsOf(plan, 205)).toEqual([5]);
    expect(pairsPerEvent(plan)).toBe(1);
  });
});

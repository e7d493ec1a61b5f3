import { LaneAdmission } from './lane-admission';

describe('LaneAdmission', () => {
  it('parks unordered jobs only when the lane is full or the endpoint disabled', () => {
    const admission = new LaneAdmission(false);
    expect(admission.admit('m1', 'fresh', true, true)).toBe('enqueue');
    expect(admission.admit('m2', 'fresh', false, true)).toBe('park');
    expect(admission.admit('m3', 'fresh', true, false)).toBe('park');
    expect(admission.admit('m2', 'parked', true, true)).toBe('enqueue');
    expect(admission.isClear()).toBe(true);
  });

  it('keeps fifo order across parking: newer jobs queue behind parked ones', () => {
    const admission = new LaneAdmission(true);
    const tier: string[] = [];
    const lane: string[] = [];
    let room = 1;
    const offer = (id: string, source: 'fresh' | 'parked') => {
      if (admission.admit(id, source, lane.length < room, true) === 'enqueue') lane.push(id);
      else tier.push(id);
    };
    for (const id of ['m1', 'm2', 'm3', 'm4']) offer(id, 'fresh'); // m1 in the lane, m2–m4 parked
    expect(lane).toEqual(['m1']);
    // The tier comes round while the lane is still full: everything is parked again, in order.
    for (const id of tier.splice(0)) offer(id, 'parked');
    expect(tier).toEqual(['m2', 'm3', 'm4']);
    offer('m5', 'fresh');
    room = 10;
    offer('m6', 'fresh'); // still behind the backlog even though there is room now
    for (const id of tier.splice(0)) offer(id, 'parked');
    expect(lane).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(admission.isClear()).toBe(true);
    offer('m7', 'fresh');
    expect(lane.at(-1)).toBe('m7');
  });

  it('holds a disabled fifo endpoint\'s parked jobs in order and drains them once enabled', () => {
    const admission = new LaneAdmission(true);
    expect(admission.admit('m1', 'fresh', true, false)).toBe('park');
    expect(admission.admit('m2', 'fresh', true, false)).toBe('park');
    expect(admission.admit('m1', 'parked', true, false)).toBe('park');
    expect(admission.admit('m2', 'parked', true, true)).toBe('park'); // m1 is still ahead of it
    expect(admission.admit('m1', 'parked', true, true)).toBe('enqueue');
    expect(admission.admit('m2', 'parked', true, true)).toBe('enqueue');
    expect(admission.isClear()).toBe(true);
  });
});

import { LaneAdmission, type Admission, type LaneLoad } from './lane-admission';

const policy = { waitBudgetMs: 10_000, holdLimitMs: 60_000, tierDelays: [1_000, 10_000, 60_000, 300_000] };
const open: LaneLoad = { enabled: true, hasRoom: true, held: 0, perSecond: 100, holdingForMs: 0 };
const full = (perSecond: number | null, held = 500, holdingForMs = 0): LaneLoad => ({ enabled: true, hasRoom: false, held, perSecond, holdingForMs });
const disabled: LaneLoad = { enabled: false, hasRoom: true, held: 0, perSecond: null, holdingForMs: 0 };
const kind = (admission: Admission) => admission.type;

describe('LaneAdmission (unordered)', () => {
  it("enqueues while there is room and parks a disabled endpoint's jobs in the park tier", () => {
    const admission = new LaneAdmission(false, policy);
    expect(admission.admit('m1', 'fresh', open)).toEqual({ type: 'enqueue' });
    expect(admission.admit('m2', 'fresh', disabled)).toEqual({ type: 'park', delayMs: 1_000, reason: 'endpoint_disabled' });
  });

  it('waits for a full lane that drains within the budget instead of parking (a healthy endpoint with a backlog)', () => {
    const admission = new LaneAdmission(false, policy);
    expect(admission.admit('m1', 'fresh', full(null))).toEqual({ type: 'wait' }); // just started: no rate yet
    expect(admission.admit('m1', 'fresh', full(200))).toEqual({ type: 'wait' }); // 500 jobs at 200/s: 2.5 s
    expect(admission.admit('m1', 'parked', full(60))).toEqual({ type: 'wait' }); // a retry back from its tier waits too
    expect(admission.admit('m1', 'fresh', open)).toEqual({ type: 'enqueue' });
  });

  it('parks the overflow of a lane slower than the budget, for about the time the lane needs, rounded up to a tier', () => {
    const admission = new LaneAdmission(false, policy);
    // 500 held at 10/s: ~50 s of work, so the job waits in the 1 min tier, back when there is room.
    expect(admission.admit('m1', 'fresh', full(10))).toEqual({ type: 'park', delayMs: 60_000, reason: 'lane_overflow' });
    // Every parked job adds to the work ahead: after 200 more (70 s of work), the next one waits 5 min.
    for (let i = 0; i < 200; i++) admission.admit(`p${i}`, 'fresh', full(10));
    expect(admission.admit('m2', 'fresh', full(10))).toEqual({ type: 'park', delayMs: 300_000, reason: 'lane_overflow' });
  });

  it('counts a parked job back once it enters, so the estimate shrinks as the backlog returns', () => {
    const admission = new LaneAdmission(false, policy);
    for (let i = 0; i < 700; i++) admission.admit(`p${i}`, 'fresh', full(10, 400)); // ~110 s of work ahead at the end
    expect(admission.admit('x', 'fresh', full(10, 400))).toMatchObject({ delayMs: 300_000 });
    for (let i = 0; i < 600; i++) expect(kind(admission.admit(`p${i}`, 'parked', open))).toBe('enqueue');
    // 101 parked + 400 held + 1 at 10/s: 50 s, the 1 min tier again.
    expect(admission.admit('y', 'fresh', full(10, 400))).toMatchObject({ delayMs: 60_000 });
  });

  it('stops waiting for a fast lane that has held its partitions longer than the hold limit (a burst to one endpoint)', () => {
    const admission = new LaneAdmission(false, policy);
    expect(admission.admit('m1', 'fresh', full(200, 500, 60_000))).toEqual({ type: 'wait' });
    expect(admission.admit('m1', 'fresh', full(200, 500, 60_001))).toEqual({ type: 'park', delayMs: 10_000, reason: 'lane_overflow' }); // 2.5 s of work
    expect(admission.admit('m2', 'fresh', full(null, 500, 60_001))).toEqual({ type: 'park', delayMs: 1_000, reason: 'lane_overflow' }); // no rate yet
  });

  it('lets a job back from the tier wait for a slot instead of parking it again, within the hold limit', () => {
    const admission = new LaneAdmission(false, policy);
    // 20 held at 1.5/s: 14 s of work, so the overflow parks.
    for (let i = 0; i < 80; i++) expect(admission.admit(`p${i}`, 'fresh', full(1.5, 20))).toMatchObject({ type: 'park', reason: 'lane_overflow' });
    expect(admission.isClear()).toBe(false); // the lane keeps counting what it parked
    // They come back together to a lane that is still full and still slow: each waits for a slot.
    expect(admission.admit('p0', 'parked', full(1.5, 20))).toEqual({ type: 'wait' });
    expect(admission.admit('p0', 'parked', full(1.5, 20, 60_000))).toEqual({ type: 'wait' });
    // Past the hold limit the partition is released: parked again, for the lane's drain time.
    expect(admission.admit('p0', 'parked', full(1.5, 20, 60_001))).toMatchObject({ type: 'park', delayMs: 60_000 }); // (20 + 1) / 1.5 = 14 s
    // A fresh job is still behind the whole backlog: (20 + 80 + 1) / 1.5 = 67 s, the 5 min tier.
    expect(admission.admit('f1', 'fresh', full(1.5, 20))).toMatchObject({ type: 'park', delayMs: 300_000 });
    for (let i = 0; i < 81; i++) admission.admit(`p${i}`, 'parked', open);
    expect(admission.isClear()).toBe(true);
  });
});

describe('LaneAdmission (fifo)', () => {
  it('keeps fifo order across parking: newer jobs queue behind parked ones', () => {
    const admission = new LaneAdmission(true, policy);
    const tier: string[] = [];
    const lane: string[] = [];
    let room = 1;
    let perSecond: number | null = 0.01; // far slower than the budget: a full lane overflows
    const offer = (id: string, source: 'fresh' | 'parked') => {
      const decision = admission.admit(id, source, { enabled: true, hasRoom: lane.length < room, held: lane.length, perSecond, holdingForMs: 0 });
      if (decision.type === 'wait') throw new Error(`${id} waited`);
      if (decision.type === 'enqueue') lane.push(id);
      else {
        expect(decision.delayMs).toBe(1_000); // fifo parks only in the park tier, which keeps their order
        tier.push(id);
      }
    };
    for (const id of ['m1', 'm2', 'm3', 'm4']) offer(id, 'fresh'); // m1 in the lane, m2–m4 parked
    expect(lane).toEqual(['m1']);
    // The tier comes round while the lane is still full: everything is parked again, in order.
    for (const id of tier.splice(0)) offer(id, 'parked');
    expect(tier).toEqual(['m2', 'm3', 'm4']);
    offer('m5', 'fresh');
    room = 10;
    perSecond = null;
    offer('m6', 'fresh'); // still behind the backlog even though there is room now
    for (const id of tier.splice(0)) offer(id, 'parked');
    expect(lane).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(admission.isClear()).toBe(true);
    offer('m7', 'fresh');
    expect(lane.at(-1)).toBe('m7');
  });

  it('waits for a full fifo lane that drains fast, so nothing is parked and order holds by itself', () => {
    const admission = new LaneAdmission(true, policy);
    expect(admission.admit('m1', 'fresh', full(50, 100))).toEqual({ type: 'wait' });
    expect(admission.admit('m1', 'fresh', open)).toEqual({ type: 'enqueue' });
    expect(admission.isClear()).toBe(true);
  });

  it("holds a disabled fifo endpoint's parked jobs in order and drains them once enabled", () => {
    const admission = new LaneAdmission(true, policy);
    expect(admission.admit('m1', 'fresh', disabled)).toMatchObject({ type: 'park', reason: 'endpoint_disabled' });
    expect(admission.admit('m2', 'fresh', disabled)).toMatchObject({ type: 'park' });
    expect(admission.admit('m1', 'parked', disabled)).toMatchObject({ type: 'park' });
    expect(admission.admit('m2', 'parked', open)).toMatchObject({ type: 'park', reason: 'fifo_order' }); // m1 is still ahead of it
    expect(admission.admit('m1', 'parked', open)).toEqual({ type: 'enqueue' });
    expect(admission.admit('m2', 'parked', open)).toEqual({ type: 'enqueue' });
    expect(admission.isClear()).toBe(true);
  });
});

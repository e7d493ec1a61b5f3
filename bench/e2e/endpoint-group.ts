/**
 * The endpoints a scenario delivers to. `broadcast`: every endpoint subscribes
 * to the same event type, so each event makes one delivery per endpoint
 * (fan-out). `spread`: endpoint i subscribes to its own type and event seq has
 * type seq mod n, so each event makes one delivery and consecutive events go
 * to different endpoints (many tenants' endpoints, each slow on its own).
 */
export type GroupName = 'f1' | 'f10' | 's100';

export interface GroupPlan {
  readonly name: GroupName;
  readonly routing: 'broadcast' | 'spread';
  readonly endpoints: number;
  /** Answer delay the receiver applies to this group's requests, ms. */
  readonly receiverDelayMs?: number;
}

export const GROUP_PLANS: readonly GroupPlan[] = [
  { name: 'f1', routing: 'broadcast', endpoints: 1 },
  { name: 'f10', routing: 'broadcast', endpoints: 10 },
  { name: 's100', routing: 'spread', endpoints: 100, receiverDelayMs: 50 },
];

export interface EndpointGroup extends GroupPlan {
  /** Event i has type `eventTypes[i % length]`. */
  readonly eventTypes: readonly string[];
  /** Endpoint ids in receiver-path order: endpoint i receives at `<base>/<name>/<i>`. */
  readonly endpointIds: readonly string[];
}

/** The endpoints (by index) event `seq` is owed to. */
export function endpointsOf(group: Pick<GroupPlan, 'routing' | 'endpoints'>, seq: number): number[] {
  switch (group.routing) {
    case 'broadcast':
      return Array.from({ length: group.endpoints }, (_, i) => i);
    case 'spread':
      return [seq % group.endpoints];
    default: {
      const never: never = group.routing;
      throw new Error(`unknown routing ${String(never)}`);
    }
  }
}

/** Deliveries each event makes. */
export function pairsPerEvent(group: Pick<GroupPlan, 'routing' | 'endpoints'>): number {
  return group.routing === 'broadcast' ? group.endpoints : 1;
}

/** Event types of a group: the built-in ones for fan-out groups, one registered per endpoint for spread groups. */
export function eventTypesOf(plan: GroupPlan): string[] {
  switch (plan.name) {
    case 'f1':
      return ['message.sent'];
    case 'f10':
      return ['message.delivered'];
    case 's100':
      return Array.from({ length: plan.endpoints }, (_, i) => `bench.spread.e${i}`);
    default: {
      const never: never = plan.name;
      throw new Error(`unknown group ${String(never)}`);
    }
  }
}

import type { EndpointState } from './endpoint.state';
import { subscribersOf } from './subscribers';

const endpoint = (id: string, over: Partial<EndpointState>): EndpointState =>
  ({ endpointId: id, scope: 'project', projectId: 'proj_1', accountId: 'acc_1', eventTypes: ['*'], status: 'enabled', ...over }) as EndpointState;

describe('subscribersOf', () => {
  const endpoints = [
    endpoint('ep_direct', { eventTypes: ['message.*'] }),
    endpoint('ep_other_project', { projectId: 'proj_2' }),
    endpoint('ep_partner', { scope: 'account', projectId: null, eventTypes: ['message.read'] }),
    endpoint('ep_other_partner', { scope: 'account', projectId: null, accountId: 'acc_2' }),
    endpoint('ep_disabled', { status: 'disabled' }),
    endpoint('ep_forms', { eventTypes: ['form.submitted'] }),
  ];

  it('matches direct endpoints of the project and partner endpoints of its account, disabled included', () => {
    const ids = subscribersOf(endpoints, { projectId: 'proj_1', accountId: 'acc_1', type: 'message.read' }).map((e) => e.endpointId);
    expect(ids).toEqual(['ep_direct', 'ep_disabled', 'ep_partner']);
  });

  it('does not match partner endpoints when the account is unknown', () => {
    const ids = subscribersOf(endpoints, { projectId: 'proj_1', accountId: null, type: 'message.read' }).map((e) => e.endpointId);
    expect(ids).not.toContain('ep_partner');
  });
});

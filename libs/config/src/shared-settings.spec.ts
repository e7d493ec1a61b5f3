import { loadConfig } from './load-config';
import { httpSettings, networkPolicySettings } from './shared-settings';

describe('shared settings', () => {
  it('binds loopback unless HOOKLINE_BIND_ADDRESS says otherwise (issue 11)', () => {
    expect(loadConfig(httpSettings(8080), {})).toEqual({ port: 8080, host: '127.0.0.1' });
    expect(loadConfig(httpSettings(8080), { HOOKLINE_BIND_ADDRESS: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('keeps private networks closed and reads the allowlist for every app that shares the policy', () => {
    expect(loadConfig(networkPolicySettings, { HOOKLINE_OUTBOUND_ALLOWLIST: '10.1.0.0/16, fd12::/64' })).toEqual({
      allowHttp: false,
      allowPrivateNetworks: false,
      outboundAllowlist: ['10.1.0.0/16', 'fd12::/64'],
    });
  });
});

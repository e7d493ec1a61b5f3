import { classifyAddress, refusalOf } from './outbound-address';

describe('outbound address policy', () => {
  const closed = { allowPrivateNetworks: false, allowlist: [] };

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['192.168.1.20', 'private'],
    ['172.31.255.255', 'private'],
    ['169.254.169.254', 'link_local'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['fd00:ec2::254', 'private'],
    ['fe80::1', 'link_local'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
  ])('classifies %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('refuses non-public addresses unless the deployment or its allowlist opens them', () => {
    expect(refusalOf('93.184.216.34', closed)).toBeNull();
    expect(refusalOf('169.254.169.254', closed)).toMatch(/link-local/);
    expect(refusalOf('127.0.0.1', { allowPrivateNetworks: true, allowlist: [] })).toBeNull();
    expect(refusalOf('10.1.2.3', { allowPrivateNetworks: false, allowlist: ['10.1.0.0/16'] })).toBeNull();
    expect(refusalOf('10.2.2.3', { allowPrivateNetworks: false, allowlist: ['10.1.0.0/16'] })).not.toBeNull();
  });
});

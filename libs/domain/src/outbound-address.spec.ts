import { classifyAddress, literalHostRefusal, refusalOf, verdictOf, type AddressClass } from './outbound-address';

/**
 * The address table of docs/dispatcher.md, row by row: each range, an example
 * and the verdict. IPv6 forms that carry an IPv4 address are judged by it.
 */
const TABLE: ReadonlyArray<readonly [range: string, example: string, verdict: AddressClass]> = [
  // IPv4 special-purpose registry
  ['0.0.0.0/8 this network', '0.0.0.0', 'unspecified'],
  ['10.0.0.0/8 private', '10.0.0.1', 'private'],
  ['100.64.0.0/10 shared (CGNAT)', '100.64.0.1', 'private'],
  ['127.0.0.0/8 loopback', '127.0.0.1', 'loopback'],
  ['169.254.0.0/16 link-local (cloud metadata)', '169.254.169.254', 'link_local'],
  ['172.16.0.0/12 private', '172.31.255.255', 'private'],
  ['192.0.0.0/24 IETF protocol assignments', '192.0.0.8', 'reserved'],
  ['192.0.2.0/24 TEST-NET-1', '192.0.2.1', 'reserved'],
  ['192.31.196.0/24 AS112 (globally reachable)', '192.31.196.1', 'public'],
  ['192.52.193.0/24 AMT (globally reachable)', '192.52.193.1', 'public'],
  ['192.88.99.0/24 6to4 relay anycast (deprecated)', '192.88.99.1', 'reserved'],
  ['192.168.0.0/16 private', '192.168.1.20', 'private'],
  ['198.18.0.0/15 benchmarking', '198.18.0.1', 'reserved'],
  ['198.51.100.0/24 TEST-NET-2', '198.51.100.7', 'reserved'],
  ['203.0.113.0/24 TEST-NET-3', '203.0.113.9', 'reserved'],
  ['224.0.0.0/4 multicast', '224.0.0.1', 'multicast'],
  ['240.0.0.0/4 reserved', '240.0.0.1', 'reserved'],
  ['255.255.255.255/32 broadcast', '255.255.255.255', 'reserved'],
  ['public IPv4', '93.184.216.34', 'public'],
  // IPv6 special-purpose registry
  ['::/128 unspecified', '::', 'unspecified'],
  ['::1/128 loopback', '::1', 'loopback'],
  ['::ffff:0:0/96 IPv4-mapped → loopback', '::ffff:127.0.0.1', 'loopback'],
  ['::ffff:0:0/96 IPv4-mapped → metadata', '::ffff:a9fe:a9fe', 'link_local'],
  ['::ffff:0:0/96 IPv4-mapped → public', '::ffff:8.8.8.8', 'public'],
  ['::/96 IPv4-compatible (deprecated) → loopback', '::127.0.0.1', 'loopback'],
  ['::/96 IPv4-compatible → private', '::a00:1', 'private'],
  ['::ffff:0:0:0/96 IPv4-translated → private', '::ffff:0:a00:1', 'private'],
  ['64:ff9b::/96 NAT64 → loopback', '64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::/96 NAT64 → metadata', '64:ff9b::a9fe:a9fe', 'link_local'],
  ['64:ff9b::/96 NAT64 → public', '64:ff9b::808:808', 'public'],
  ['64:ff9b:1::/48 local-use NAT64 → private', '64:ff9b:1::a00:1', 'private'],
  ['64:ff9b:1::/48 local-use NAT64 → public (still local-use)', '64:ff9b:1::808:808', 'reserved'],
  ['100::/64 discard-only', '100::1', 'reserved'],
  ['100:0:0:1::/64 dummy prefix', '100:0:0:1::1', 'reserved'],
  ['2001::/32 Teredo, client 127.0.0.1', '2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'],
  ['2001::/32 Teredo, server 10.0.0.1', '2001:0:a00:1:8000:63bf:f7f7:f7f7', 'private'],
  ['2001::/32 Teredo, public server and client', '2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'public'],
  ['2001::/23 IETF protocol assignments', '2001:1::1', 'reserved'],
  ['2001:2::/48 benchmarking', '2001:2::1', 'reserved'],
  ['2001:3::/32 AMT (globally reachable)', '2001:3::1', 'public'],
  ['2001:10::/28 ORCHID (deprecated)', '2001:10::1', 'reserved'],
  ['2001:db8::/32 documentation', '2001:db8::1', 'reserved'],
  ['2002::/16 6to4 → loopback', '2002:7f00:1::1', 'loopback'],
  ['2002::/16 6to4 → metadata', '2002:a9fe:a9fe::1', 'link_local'],
  ['2002::/16 6to4 → public', '2002:808:808::1', 'public'],
  ['3fff::/20 documentation', '3fff::1', 'reserved'],
  ['5f00::/16 SRv6 SIDs', '5f00::1', 'reserved'],
  ['fc00::/7 unique-local (incl. fd00:ec2::254 metadata)', 'fd00:ec2::254', 'private'],
  ['fe80::/10 link-local', 'fe80::1', 'link_local'],
  ['fec0::/10 site-local (deprecated)', 'fec0::1', 'private'],
  ['ff00::/8 multicast', 'ff02::1', 'multicast'],
  ['outside 2000::/3, unassigned', '4000::1', 'reserved'],
  ['public IPv6', '2606:4700::1111', 'public'],
];

describe('outbound address policy', () => {
  const closed = { allowPrivateNetworks: false, allowlist: [] };

  it.each(TABLE)('%s: %s is %s', (_range, example, verdict) => {
    expect(classifyAddress(example)).toBe(verdict);
    expect(refusalOf(example, closed) === null).toBe(verdict === 'public');
  });

  it('names the carried address in the refusal', () => {
    expect(verdictOf('64:ff9b::a9fe:a9fe')).toEqual({ kind: 'link_local', embedded: '169.254.169.254' });
    expect(refusalOf('64:ff9b::a9fe:a9fe', closed)).toMatch(/carries 169\.254\.169\.254, a link-local address/);
  });

  it('refuses non-public addresses unless the deployment or its allowlist opens them', () => {
    expect(refusalOf('169.254.169.254', closed)).toMatch(/link-local/);
    expect(refusalOf('127.0.0.1', { allowPrivateNetworks: true, allowlist: [] })).toBeNull();
    expect(refusalOf('10.1.2.3', { allowPrivateNetworks: false, allowlist: ['10.1.0.0/16'] })).toBeNull();
    expect(refusalOf('::ffff:10.1.2.3', { allowPrivateNetworks: false, allowlist: ['10.1.0.0/16'] })).toBeNull();
    expect(refusalOf('10.2.2.3', { allowPrivateNetworks: false, allowlist: ['10.1.0.0/16'] })).not.toBeNull();
    expect(refusalOf('fd12::5', { allowPrivateNetworks: false, allowlist: ['fd12::/64', 'not a cidr'] })).toBeNull();
  });

  it('rejects what is not an address', () => {
    expect(() => classifyAddress('example.com')).toThrow(/not an IP address/);
  });

  it.each([
    ['https://127.0.0.1/hook', true],
    ['https://[::1]/hook', true],
    ['https://[64:ff9b::7f00:1]/hook', true],
    ['https://[::ffff:169.254.169.254]/hook', true],
    ['https://2130706433/hook', true], // 127.0.0.1 as one number; the URL parser normalises it
    ['https://0x7f.1/hook', true],
    ['https://localhost:8443/hook', true],
    ['https://api.localhost./hook', true],
    ['https://8.8.8.8/hook', false],
    ['https://hooks.example.com/hook', false],
  ])('at creation, the literal host of %s is refused: %s', (url, refused) => {
    expect(literalHostRefusal(new URL(url), closed) !== null).toBe(refused);
    expect(literalHostRefusal(new URL(url), { allowPrivateNetworks: true, allowlist: [] })).toBeNull();
  });
});

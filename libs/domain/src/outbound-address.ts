import { BlockList, isIP } from 'node:net';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link_local' | 'multicast' | 'unspecified' | 'reserved';

/** Ranges no webhook may reach by default; cloud metadata (169.254.169.254, fd00:ec2::254) is link-local/unique-local. */
const RANGES: ReadonlyArray<readonly [AddressClass, string, number, 'ipv4' | 'ipv6']> = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['link_local', '169.254.0.0', 16, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'], // includes 255.255.255.255
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'], // unique-local
  ['link_local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const LISTS = new Map<AddressClass, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  const list = LISTS.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  LISTS.set(kind, list);
}

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

export function classifyAddress(address: string): AddressClass {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  for (const [kind, list] of LISTS) if (list.check(plain, family === 4 ? 'ipv4' : 'ipv6')) return kind;
  return 'public';
}

export interface OutboundPolicy {
  /** Loopback, private, link-local and the rest; local development and tests allow them. */
  readonly allowPrivateNetworks: boolean;
  /** CIDRs (`10.1.0.0/16`, `fd12::/64`) opened on purpose, e.g. an internal receiver. */
  readonly allowlist: readonly string[];
}

/** Null when the address may be connected to, else the reason it may not. */
export function refusalOf(address: string, policy: OutboundPolicy): string | null {
  const kind = classifyAddress(address);
  if (kind === 'public' || policy.allowPrivateNetworks) return null;
  const plain = unmapped(address);
  if (allowlisted(plain, policy.allowlist)) return null;
  return `${plain} is a ${kind.replace('_', '-')} address and outbound requests there are not allowed`;
}

function allowlisted(address: string, allowlist: readonly string[]): boolean {
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  for (const cidr of allowlist) {
    const [network, prefix] = cidr.split('/');
    if (network === undefined || isIP(network) === 0) continue;
    const netFamily = isIP(network) === 4 ? 'ipv4' : 'ipv6';
    list.addSubnet(network, prefix === undefined ? (netFamily === 'ipv4' ? 32 : 128) : Number(prefix), netFamily);
  }
  return list.check(address, family);
}

import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * The one outbound address policy: which addresses a webhook may be sent to.
 * The special-purpose ranges come from ipaddr.js (kept in step with the IANA
 * IPv4 and IPv6 special-purpose registries); every IPv6 form that carries an
 * IPv4 address is judged by the address it carries, since that is where the
 * packet ends up (a NAT64 gateway turns `64:ff9b::a9fe:a9fe` into
 * 169.254.169.254). The full table is in docs/dispatcher.md.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link_local' | 'multicast' | 'unspecified' | 'reserved';

export interface AddressVerdict {
  readonly kind: AddressClass;
  /** The IPv4 address an IPv6 form embeds (mapped, compatible, NAT64, 6to4, Teredo), when that decided the verdict. */
  readonly embedded: string | null;
}

/** ipaddr.js range names → our classes. Ranges IANA marks globally reachable (AS112, AMT, ORCHIDv2, drone tags) are public. */
const IPV4_CLASSES: Readonly<Record<string, AddressClass>> = {
  unicast: 'public',
  as112: 'public',
  amt: 'public',
  unspecified: 'unspecified',
  broadcast: 'reserved',
  multicast: 'multicast',
  linkLocal: 'link_local',
  loopback: 'loopback',
  carrierGradeNat: 'private',
  private: 'private',
  reserved: 'reserved',
};

const IPV6_CLASSES: Readonly<Record<string, AddressClass>> = {
  unicast: 'public',
  amt: 'public',
  as112v6: 'public',
  orchid2: 'public',
  droneRemoteIdProtocolEntityTags: 'public',
  unspecified: 'unspecified',
  linkLocal: 'link_local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  discard: 'reserved',
  benchmarking: 'reserved',
  deprecatedOrchid: 'reserved',
  segmentRouting: 'reserved',
  reserved: 'reserved',
};

/** Ranges the IANA IPv6 registry lists that ipaddr.js 2.5 does not name. */
const EXTRA_IPV6_RESERVED = [ipaddr.parseCIDR('100:0:0:1::/64')] as const; // dummy IPv6 prefix (RFC 9780)
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const NAT64_LOCAL_USE = ipaddr.parseCIDR('64:ff9b:1::/48');

export function classifyAddress(address: string): AddressClass {
  return verdictOf(address).kind;
}

export function verdictOf(address: string): AddressVerdict {
  if (isIP(address) === 0) throw new Error(`not an IP address: ${address}`);
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv4' ? { kind: ipv4Class(parsed as ipaddr.IPv4), embedded: null } : ipv6Verdict(parsed as ipaddr.IPv6);
}

function ipv4Class(address: ipaddr.IPv4): AddressClass {
  return IPV4_CLASSES[address.range()] ?? 'reserved';
}

function ipv6Verdict(address: ipaddr.IPv6): AddressVerdict {
  const range = address.range();
  const embedded = embeddedIPv4(address, range);
  if (embedded.length > 0) {
    // The worst of the carried addresses (Teredo carries two: server and client).
    const worst = embedded.map((v4) => ({ kind: ipv4Class(v4), embedded: v4.toString() })).find((v) => v.kind !== 'public');
    if (worst !== undefined) return worst;
    // 64:ff9b:1::/48 is a local-use translation prefix, not globally reachable whatever it carries.
    if (address.match(NAT64_LOCAL_USE)) return { kind: 'reserved', embedded: null };
    return { kind: 'public', embedded: embedded[0]?.toString() ?? null };
  }
  if (EXTRA_IPV6_RESERVED.some((cidr) => address.match(cidr))) return { kind: 'reserved', embedded: null };
  const kind = IPV6_CLASSES[range] ?? 'reserved';
  // Only 2000::/3 is allocated as global unicast; anything else not named above is IETF-reserved space.
  if (kind === 'public' && range === 'unicast' && !address.match(GLOBAL_UNICAST)) return { kind: 'reserved', embedded: null };
  return { kind, embedded: null };
}

/** The IPv4 addresses an IPv6 address carries, by the form its range defines; empty when it carries none. */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4[] {
  const p = address.parts;
  const v4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d (IPv4-translated)
    case 'rfc6052': // 64:ff9b::a.b.c.d, and the /96 form inside 64:ff9b:1::/48
      return [v4(p[6] as number, p[7] as number)];
    case '6to4': // 2002:AABB:CCDD::/48
      return [v4(p[1] as number, p[2] as number)];
    case 'teredo': // 2001:0:<server>:<flags>:<port>:<client XOR ffff:ffff>
      return [v4(p[2] as number, p[3] as number), v4(~(p[6] as number) & 0xffff, ~(p[7] as number) & 0xffff)];
    default:
      // IPv4-compatible (deprecated) ::a.b.c.d: the first 96 bits zero; `::` and `::1` are named ranges already.
      if (range === 'unicast' && p.slice(0, 6).every((part) => part === 0)) return [v4(p[6] as number, p[7] as number)];
      return [];
  }
}

export interface OutboundPolicy {
  /** Loopback, private, link-local and the rest; local development and tests allow them. */
  readonly allowPrivateNetworks: boolean;
  /** CIDRs (`10.1.0.0/16`, `fd12::/64`) opened on purpose, e.g. an internal receiver. */
  readonly allowlist: readonly string[];
}

/** Null when the address may be connected to, else the reason it may not. */
export function refusalOf(address: string, policy: OutboundPolicy): string | null {
  const verdict = verdictOf(address);
  if (verdict.kind === 'public' || policy.allowPrivateNetworks) return null;
  if (allowlisted(address, policy.allowlist) || (verdict.embedded !== null && allowlisted(verdict.embedded, policy.allowlist))) return null;
  const kind = verdict.kind.replace('_', '-');
  return verdict.embedded === null
    ? `${address} is a ${kind} address and outbound requests there are not allowed`
    : `${address} carries ${verdict.embedded}, a ${kind} address, and outbound requests there are not allowed`;
}

function allowlisted(address: string, allowlist: readonly string[]): boolean {
  const parsed = ipaddr.parse(address);
  return allowlist.some((cidr) => {
    const range = parseCidr(cidr);
    return range !== null && range[0].kind() === parsed.kind() && parsed.match(range);
  });
}

function parseCidr(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const plain = cidr.includes('/') ? cidr : `${cidr}/${isIP(cidr) === 4 ? 32 : 128}`;
  return ipaddr.isValidCIDR(plain) ? ipaddr.parseCIDR(plain) : null;
}

/**
 * The refusal for an endpoint URL whose host is itself a forbidden address
 * (checked at creation and PATCH; names are checked at send time, where the
 * address connected to is known). `localhost` names are loopback by definition (RFC 6761).
 */
export function literalHostRefusal(url: URL, policy: OutboundPolicy): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return refusalOf(host, policy);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!policy.allowPrivateNetworks && (name === 'localhost' || name.endsWith('.localhost'))) {
    return `${host} is a loopback name and outbound requests there are not allowed`;
  }
  return null;
}

import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { refusalOf, type OutboundPolicy } from '@hookline/domain';

/** Raised before any byte leaves for a refused address; the sender records it as `blocked_address`. */
export class BlockedAddressError extends Error {
  readonly code = 'HOOKLINE_BLOCKED_ADDRESS';
}

/**
 * The resolver the socket connects through: it resolves, drops every refused
 * address, and hands only allowed ones to `net.connect`, so the address
 * checked is the address connected to (no second lookup, no rebinding gap).
 */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupAllOptions), all: true }, (error, addresses: LookupAddress[]) => {
      if (error !== null) return callback(error, '', 0);
      const allowed = addresses.filter((a) => refusalOf(a.address, policy) === null);
      const first = allowed[0];
      if (first === undefined) {
        const reason = addresses[0] === undefined ? `${hostname} has no address` : (refusalOf(addresses[0].address, policy) as string);
        return callback(new BlockedAddressError(`${hostname}: ${reason}`), '', 0);
      }
      if ((options as LookupAllOptions).all === true) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * One undici Agent for the process: a keep-alive pool per origin, and a
 * connector that refuses private, loopback, link-local and metadata addresses
 * unless the deployment allows them. IP-literal URLs skip DNS, so they are
 * checked here too; the connected socket's remote address is checked last.
 */
export function createOutboundAgent(policy: OutboundPolicy, connectionsPerOrigin: number): Agent {
  const connect = buildConnector({ lookup: guardedLookup(policy), timeout: 10_000 });
  return new Agent({
    connections: connectionsPerOrigin,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, '');
      const literalRefusal = isIP(host) === 0 ? null : refusalOf(host, policy);
      if (literalRefusal !== null) return callback(new BlockedAddressError(literalRefusal), null);
      return connect(options, (error, socket) => {
        if (error !== null) return callback(error, null);
        const remote = socket.remoteAddress;
        const refusal = remote === undefined ? null : refusalOf(remote, policy);
        if (refusal === null) return callback(null, socket);
        socket.destroy();
        return callback(new BlockedAddressError(refusal), null);
      });
    },
  });
}

import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Where a webhook may never go: this machine, private networks, link-local (cloud metadata), and the like. */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // unspecified, "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64 of an IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) FORBIDDEN.addSubnet(network, prefix, 'ipv6');

/** Names that always mean this machine or a provider's internal network, whatever DNS says today. */
const FORBIDDEN_NAME = /(^|\.)(localhost|internal|local)$/i;

/** Why an address is no place for a webhook, or undefined when it is on the public internet. */
export function forbiddenAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (!family) return undefined;
  // BlockList also applies the IPv4 rules to IPv4-mapped IPv6 addresses (::ffff:127.0.0.1).
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6')
    ? `${address} is a loopback, private, link-local, shared, multicast or unspecified address`
    : undefined;
}

/** A URL host as an address or name: `[::1]` → `::1`. */
export const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/**
 * Why a webhook host (as in a parsed URL) may not be called, before any lookup: an address
 * literal in a forbidden range, or a name that always means an internal host.
 */
export function forbiddenHostReason(hostname: string): string | undefined {
  const host = bareHost(hostname);
  if (isIP(host)) return forbiddenAddressReason(host);
  return FORBIDDEN_NAME.test(host.replace(/\.$/, '')) ? `${host} names an internal host` : undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for outgoing requests that refuses forbidden addresses: the check applies to the
 * address actually connected to, so a name that resolves elsewhere later (DNS rebinding) cannot slip through.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.map((a) => forbiddenAddressReason(a.address)).find(Boolean);
    if (refused) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${refused}`), { code: 'EADDRFORBIDDEN' }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** The addresses a name resolves to now, or [] when it does not resolve (within a short bound). */
export function resolveNow(hostname: string, timeoutMs = 2000): Promise<string[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), timeoutMs);
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      resolve(error ? [] : addresses.map((a) => a.address));
    });
  });
}

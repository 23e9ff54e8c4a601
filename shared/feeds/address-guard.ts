import {
  lookup as dnsLookup,
  promises as dnsPromises,
  type LookupAddress,
  type LookupAllOptions,
} from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Which destinations a fetch may reach (the SSRF guard). */
export interface AddressPolicy {
  /**
   * Allow loopback addresses (127.0.0.0/8, ::1). Local mode (the CLI, the demo, tests)
   * allows them so feeds can be served from 127.0.0.1; AWS mode does not, since loopback in a
   * Lambda reaches the runtime API.
   * @default false
   */
  allowLoopback?: boolean;
}

type Range = [kind: string, network: string, prefix: number, family: 'ipv4' | 'ipv6'];

// Never a news publisher: private networks, the link-local range that holds cloud metadata
// endpoints (169.254.169.254, fd00:ec2::254), unique-local, multicast and reserved blocks.
const FORBIDDEN: Range[] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['shared (carrier-grade NAT)', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved (IETF)', '192.0.0.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['reserved (benchmarking)', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  // RFC 8215: a network's own NAT64 prefix; what it translates to is the network's choice.
  ['reserved (local-use NAT64)', '64:ff9b:1::', 48, 'ipv6'],
];
const LOOPBACK: Range[] = [
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '::1', 128, 'ipv6'],
];

function blockList(ranges: Range[]): { kind: string; list: BlockList }[] {
  return ranges.map(([kind, network, prefix, family]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return { kind, list };
  });
}
const forbidden = blockList(FORBIDDEN);
const loopback = blockList(LOOPBACK);

/** The 8 groups of an IPv6 address ("::" expanded, a dotted IPv4 tail as two groups). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * The IPv4 address an IPv6 address reaches, for the forms that carry one: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks),
 * NAT64 (64:ff9b::/96, which a NAT64 gateway translates to that IPv4 address) and 6to4
 * (2002:AABB:CCDD::/48). The URL parser writes them in hex (::a9fe:a9fe), so both are read.
 */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (!g) return undefined;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return ipv4Of(g[6]!, g[7]!);
  // :: and ::1 are judged as IPv6 (unspecified, loopback).
  if (zeros(0, 6) && (g[6]! !== 0 || g[7]! > 1)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!);
  return undefined;
}

/**
 * The kind of range that forbids fetching an IP address under a policy ("private",
 * "loopback", ...), or undefined when it may be fetched. IPv6 addresses that carry an IPv4
 * address (mapped, compatible, NAT64, 6to4) are judged as the IPv4 address they reach.
 */
export function forbiddenAddressKind(address: string, policy: AddressPolicy = {}): string | undefined {
  const ipv4 = isIP(address) === 6 ? embeddedIpv4(address) : undefined;
  if (ipv4) return forbiddenAddressKind(ipv4, policy);
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  for (const { kind, list } of policy.allowLoopback ? forbidden : [...forbidden, ...loopback]) {
    if (list.check(address, family)) return kind;
  }
  return undefined;
}

/** Thrown (inside the HTTP client) when a destination is refused by the guard. */
export class AddressRefusedError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    const where = host === address ? `${address} is` : `${host} resolves to ${address},`;
    const hint = kind === 'loopback' ? '; only local mode allows loopback' : '';
    super(`refused: ${where} a ${kind} address (SSRF guard${hint})`);
    this.name = 'AddressRefusedError';
  }
}

/**
 * A DNS lookup for the HTTP client that refuses forbidden addresses. It runs when the socket
 * connects, so the address checked is the address used: a name that resolves to a public
 * address for a pre-check and to 169.254.169.254 a moment later (DNS rebinding) is refused.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return ((
    hostname: string,
    options: LookupAllOptions | Record<string, unknown>,
    callback: (...args: unknown[]) => void,
  ) => {
    dnsLookup(hostname, { ...(options as object), all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      for (const { address } of addresses) {
        const kind = forbiddenAddressKind(address, policy);
        if (kind) return callback(new AddressRefusedError(hostname, address, kind));
      }
      if ((options as LookupAllOptions).all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/**
 * Checks a URL's host when it is an IP literal: the HTTP client skips the DNS lookup (and
 * so the guard above) for those. Throws AddressRefusedError.
 */
export function checkLiteralHost(url: URL, policy: AddressPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) {
    // "localhost" never goes to DNS on some systems (/etc/hosts); it is loopback by definition.
    if ((host === 'localhost' || host.endsWith('.localhost')) && !policy.allowLoopback)
      throw new AddressRefusedError(host, '127.0.0.1', 'loopback');
    return;
  }
  const kind = forbiddenAddressKind(host, policy);
  if (kind) throw new AddressRefusedError(host, host, kind);
}

/**
 * Why the poller would refuse to fetch this feed URL, or undefined when it would fetch it:
 * a scheme other than http(s), or a host that is (or resolves to) an address the policy
 * forbids. A name that does not resolve here is not refused: it may resolve where the poller
 * runs, and the poll then reports it. For `feeds add`, so a URL is refused when it is added,
 * not cycles later.
 */
export async function feedUrlRefusal(text: string, policy: AddressPolicy): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `only http and https feeds are polled, not ${url.protocol.replace(/:$/, '')}`;
  try {
    checkLiteralHost(url, policy);
  } catch (err) {
    return (err as Error).message;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return undefined;
  const addresses = await dnsPromises.lookup(host, { all: true }).catch(() => []);
  for (const { address } of addresses) {
    const kind = forbiddenAddressKind(address, policy);
    if (kind) return new AddressRefusedError(host, address, kind).message;
  }
  return undefined;
}

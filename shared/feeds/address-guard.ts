import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
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

/**
 * The kind of range that forbids fetching an IP address under a policy ("private",
 * "loopback", ...), or undefined when it may be fetched. IPv4-mapped IPv6 addresses
 * (::ffff:10.0.0.1) are judged as the IPv4 address they carry.
 */
export function forbiddenAddressKind(address: string, policy: AddressPolicy = {}): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return forbiddenAddressKind(mapped, policy);
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

// Address filtering (docs/crawl.md, "Scope"): a registry host that resolves to a loopback, private,
// link-local, shared (CGNAT) or cloud-metadata address is refused, after DNS resolution and on every
// connection, unless its site says `allowPrivateAddresses: true` (local mirrors, tests). The check runs at
// connect time, inside the dispatcher's DNS lookup, so a name that changes its answer between a check and
// the connection (DNS rebinding) is still caught; literal IPs, which skip the lookup, are checked per hop.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { BlockList, isIP } from "node:net";

const BLOCKED = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // RFC 1918
  ["100.64.0.0", 10], // shared address space (CGNAT); Alibaba Cloud's metadata is 100.100.100.200
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local; 169.254.169.254 is the metadata address of most clouds
  ["172.16.0.0", 12], // RFC 1918
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // RFC 1918
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local (fd00:ec2::254 is AWS's IPv6 metadata address)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b:1::", 48], // local-use NAT64
] as const)
  BLOCKED.addSubnet(net, bits, "ipv6");

/** Why an IP address may not be fetched, or undefined when it is public. */
export function privateAddressReason(ip: string): string | undefined {
  const bare = ip.replace(/^\[|\]$/g, "");
  const v = isIP(bare);
  if (v === 0) return undefined;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is the IPv4 address in disguise.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped) return privateAddressReason(mapped);
  return BLOCKED.check(bare, v === 4 ? "ipv4" : "ipv6")
    ? `${bare} is a private, loopback or link-local address`
    : undefined;
}

export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDR";
  constructor(host: string, reason: string) {
    super(`${host}: ${reason} (set "allowPrivateAddresses": true on the site to allow it)`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls.connect that resolves as usual and refuses private answers unless
 * `allow(hostname)` says the host's site opted in.
 */
/** The base resolver: net.connect's `lookup` shape (tests and benches point names at 127.0.0.1 with one). */
type Resolve = (
  hostname: string,
  options: LookupOptions & { all: true },
  cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export function guardedLookup(allow: (hostname: string) => boolean, resolve?: LookupFunction) {
  const base: Resolve = resolve ? (resolve as unknown as Resolve) : (h, o, cb) => dnsLookup(h, o, cb);
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    base(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "");
      const list = addresses as LookupAddress[];
      if (!allow(hostname)) {
        for (const a of list) {
          const reason = privateAddressReason(a.address);
          if (reason) return callback(new PrivateAddressError(hostname, reason) as NodeJS.ErrnoException, "");
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "");
      callback(null, first.address, first.family);
    });
  };
}

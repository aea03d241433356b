import { isIPv4, isIPv6 } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * What an IP address is, as far as callback safety goes.
 * - `metadata` and `linkLocal` are never acceptable callbacks (cloud credentials live there).
 * - `reserved` (documentation, multicast, benchmarking…) has no business receiving callbacks: refused in every
 *   mode unless the host is allowlisted.
 * - `loopback` and `private` point inside the network: refused outside embedded mode.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'reserved' | 'linkLocal' | 'metadata'

// How strict a class is, for addresses that carry more than one IPv4 address (Teredo, NAT64 local-use):
// the strictest wins. Metadata and link-local are refused everywhere, reserved even in embedded mode.
const SEVERITY: Readonly<Record<AddressClass, number>> = { public: 0, private: 1, loopback: 2, reserved: 3, linkLocal: 4, metadata: 5 }

type Table<T extends ipaddr.IPv4 | ipaddr.IPv6> = ReadonlyArray<readonly [range: [T, number], cls: AddressClass]>

const v4 = (cidr: string, cls: AddressClass): readonly [[ipaddr.IPv4, number], AddressClass] => [ipaddr.IPv4.parseCIDR(cidr), cls]
const v6 = (cidr: string, cls: AddressClass): readonly [[ipaddr.IPv6, number], AddressClass] => [ipaddr.IPv6.parseCIDR(cidr), cls]

// First match wins, so the specific ranges come first. ipaddr.js does the prefix arithmetic; this
// table is the policy (IANA IPv4 Special-Purpose Address Registry, RFC 6890, plus cloud endpoints).
const V4_TABLE: Table<ipaddr.IPv4> = [
  // Cloud instance-metadata endpoints (AWS/GCP/Azure IMDS, Alibaba, Oracle, Azure wire server).
  v4('169.254.169.254/32', 'metadata'),
  v4('100.100.100.200/32', 'metadata'),
  v4('192.0.0.192/32', 'metadata'),
  v4('168.63.129.16/32', 'metadata'),
  v4('169.254.0.0/16', 'linkLocal'),
  // 0.0.0.0 reaches the local host on Linux, so it counts as loopback, not as "unspecified".
  v4('0.0.0.0/32', 'loopback'),
  v4('127.0.0.0/8', 'loopback'),
  v4('10.0.0.0/8', 'private'),
  v4('172.16.0.0/12', 'private'),
  v4('192.168.0.0/16', 'private'),
  v4('100.64.0.0/10', 'private'), // carrier-grade NAT (RFC 6598)
  v4('198.18.0.0/15', 'private'), // benchmarking networks (RFC 2544)
  v4('192.0.0.0/24', 'private') // IETF protocol assignments (RFC 6890)
]

// IPv6 ranges that do not embed an IPv4 address (those are judged by the IPv4 address, see embeddedV4).
const V6_TABLE: Table<ipaddr.IPv6> = [
  v6('::/128', 'loopback'), // "::" reaches the local host like 0.0.0.0
  v6('::1/128', 'loopback'),
  v6('fd00:ec2::254/128', 'metadata'), // AWS IMDS over IPv6
  v6('fe80::/10', 'linkLocal'),
  v6('fc00::/7', 'private'), // unique-local (RFC 4193)
  v6('fec0::/10', 'private'), // deprecated site-local
  v6('2001:2::/48', 'private') // benchmarking (RFC 5180)
]

function lookup<T extends ipaddr.IPv4 | ipaddr.IPv6> (addr: T, table: Table<T>): AddressClass | undefined {
  for (const [range, cls] of table) if (addr.match(range)) return cls
  return undefined
}

function classifyV4 (addr: ipaddr.IPv4): AddressClass {
  // Whatever else ipaddr.js names (unspecified 0/8, multicast, broadcast, documentation, 240/4,
  // as112, amt, the 6to4 relay anycast) is nothing a callback should point at.
  return lookup(addr, V4_TABLE) ?? (addr.range() === 'unicast' ? 'public' : 'reserved')
}

const ipv4At = (bytes: readonly number[], at: readonly number[]): ipaddr.IPv4 =>
  new ipaddr.IPv4(at.map((i) => bytes[i] ?? 0))

// RFC 6052 §2.2: where a /L NAT64 prefix puts the IPv4 address; bits 64–71 (byte 8) are always skipped.
const RFC6052_LAYOUT: Readonly<Record<number, readonly number[]>> = {
  32: [4, 5, 6, 7],
  40: [5, 6, 7, 9],
  48: [6, 7, 9, 10],
  56: [7, 9, 10, 11],
  64: [9, 10, 11, 12],
  96: [12, 13, 14, 15]
}

const prefix = (cidr: string): [ipaddr.IPv6, number] => ipaddr.IPv6.parseCIDR(cidr)
const MAPPED = prefix('::ffff:0:0/96') // RFC 4291 §2.5.5.2
const TRANSLATED = prefix('::ffff:0:0:0/96') // RFC 6145 / 7915 (SIIT)
const COMPATIBLE = prefix('::/96') // RFC 4291 §2.5.5.1 (deprecated but still routed by some stacks)
const NAT64_WELL_KNOWN = prefix('64:ff9b::/96') // RFC 6052
const NAT64_LOCAL_USE = prefix('64:ff9b:1::/48') // RFC 8215
const SIX_TO_FOUR = prefix('2002::/16') // RFC 3056
const TEREDO = prefix('2001::/32') // RFC 4380

/**
 * Every IPv4 address an IPv6 address may lead to, per the IANA IPv6 Special-Purpose Address
 * Registry's translation and tunnelling prefixes, or [] when it embeds none.
 * - mapped `::ffff:0:0/96`, translated `::ffff:0:0:0/96`, compatible `::/96`, NAT64 `64:ff9b::/96`:
 *   the last 32 bits;
 * - NAT64 local-use `64:ff9b:1::/48` (RFC 8215): a site may use it with any RFC 6052 prefix length
 *   that fits (/48, /56, /64, /96), so every layout's candidate counts;
 * - 6to4 `2002::/16`: bits 16–47;
 * - Teredo `2001::/32`: the server (bits 32–63) and the client, whose address is stored obfuscated
 *   (bits 96–127 inverted, RFC 4380 §4);
 * - ISATAP interface identifiers `…:0:5efe:a.b.c.d` / `…:200:5efe:a.b.c.d` (RFC 5214 §6.1) under any prefix.
 */
export function embeddedV4 (addr: ipaddr.IPv6): ipaddr.IPv4[] {
  const b = addr.toByteArray()
  if (addr.match(MAPPED) || addr.match(TRANSLATED) || addr.match(NAT64_WELL_KNOWN) || addr.match(COMPATIBLE)) {
    return [ipv4At(b, RFC6052_LAYOUT[96] ?? [])]
  }
  if (addr.match(NAT64_LOCAL_USE)) return [48, 56, 64, 96].map((l) => ipv4At(b, RFC6052_LAYOUT[l] ?? []))
  if (addr.match(SIX_TO_FOUR)) return [ipv4At(b, [2, 3, 4, 5])]
  if (addr.match(TEREDO)) {
    const client = new ipaddr.IPv4([12, 13, 14, 15].map((i) => ~(b[i] ?? 0) & 0xff))
    return [ipv4At(b, [4, 5, 6, 7]), client]
  }
  if ((b[8] === 0x00 || b[8] === 0x02) && b[9] === 0x00 && b[10] === 0x5e && b[11] === 0xfe) return [ipv4At(b, [12, 13, 14, 15])]
  return []
}

function strictest (classes: readonly AddressClass[]): AddressClass {
  return classes.reduce<AddressClass>((worst, c) => (SEVERITY[c] > SEVERITY[worst] ? c : worst), 'public')
}

function classifyV6 (addr: ipaddr.IPv6): AddressClass {
  const own = lookup(addr, V6_TABLE)
  // "::" and "::1" lie inside the IPv4-compatible prefix but are the IPv6 unspecified and loopback addresses.
  if (own === 'loopback') return own
  const carried = embeddedV4(addr)
  // An address that carries IPv4 is judged by it (the translator or tunnel delivers there) and by
  // its own prefix: an ISATAP identifier under a unique-local prefix stays at least private.
  // The NAT64 local-use prefix is never globally routed (RFC 8215 §3): a translator inside this network.
  const plain: AddressClass = own ?? (addr.match(NAT64_LOCAL_USE) ? 'private' : carried.length > 0 || addr.range() === 'unicast' ? 'public' : 'reserved')
  return strictest([plain, ...carried.map(classifyV4)])
}

/**
 * The class of a literal IPv4 or IPv6 address (an IPv6 zone id is ignored). IPv6 forms that embed
 * an IPv4 address are classified by that address (see embeddedV4), at subscription and connect time alike.
 * Throws when `ip` is not an address in the strict forms node:net accepts.
 */
export function classifyAddress (ip: string): AddressClass {
  if (isIPv4(ip)) return classifyV4(ipaddr.IPv4.parse(ip))
  if (isIPv6(ip)) {
    const zone = ip.indexOf('%')
    return classifyV6(ipaddr.IPv6.parse(zone >= 0 ? ip.slice(0, zone) : ip))
  }
  throw new Error(`not an IP address: ${ip}`)
}

import { isIPv4, isIPv6 } from 'node:net'

/**
 * What an IP address is, as far as callback safety goes.
 * - `metadata` and `linkLocal` are never acceptable callbacks (cloud credentials live there).
 * - `loopback`, `private` and `reserved` point inside the network: refused outside embedded mode.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'reserved' | 'linkLocal' | 'metadata'

type V4Range = readonly [base: string, bits: number, cls: AddressClass]

// Order matters: the first matching range wins, so the specific ones come first.
const V4_RANGES: readonly V4Range[] = [
  // Cloud instance-metadata endpoints outside 169.254/16 (Alibaba, Oracle, Azure wire server).
  ['100.100.100.200', 32, 'metadata'],
  ['192.0.0.192', 32, 'metadata'],
  ['168.63.129.16', 32, 'metadata'],
  ['169.254.169.254', 32, 'metadata'],
  ['169.254.0.0', 16, 'linkLocal'],
  // 0.0.0.0 reaches the local host on Linux, so it counts as loopback, not as "unspecified".
  ['0.0.0.0', 32, 'loopback'],
  ['0.0.0.0', 8, 'reserved'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT
  ['198.18.0.0', 15, 'private'], // benchmarking networks
  ['192.0.0.0', 24, 'private'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'reserved'], // multicast
  ['240.0.0.0', 4, 'reserved'] // future use and broadcast
]

function v4ToInt (ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0)
}

function classifyV4 (ip: string): AddressClass {
  const n = v4ToInt(ip)
  for (const [base, bits, cls] of V4_RANGES) {
    const size = 2 ** (32 - bits)
    const start = v4ToInt(base)
    if (n >= start && n < start + size) return cls
  }
  return 'public'
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, embedded dotted quad expanded). */
function v6Groups (ip: string): number[] {
  let s = ip.toLowerCase()
  const zone = s.indexOf('%')
  if (zone >= 0) s = s.slice(0, zone)
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s)
  if (dotted?.[1] !== undefined) {
    const n = v4ToInt(dotted[1])
    s = s.slice(0, dotted.index) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`
  }
  const [head = '', tail] = s.split('::')
  const parse = (part: string): number[] => part === '' ? [] : part.split(':').map((g) => parseInt(g, 16))
  const left = parse(head)
  if (tail === undefined) return left
  const right = parse(tail)
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
}

function embeddedV4 (hi: number, lo: number): string {
  return `${hi >>> 8}.${hi & 0xff}.${lo >>> 8}.${lo & 0xff}`
}

function classifyV6 (ip: string): AddressClass {
  const g = v6Groups(ip)
  const at = (i: number): number => g[i] ?? 0
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0)
  if (zeros(0, 8)) return 'loopback' // "::" reaches the local host like 0.0.0.0
  if (zeros(0, 7) && at(7) === 1) return 'loopback'
  if (at(0) === 0xfd00 && at(1) === 0x0ec2 && zeros(2, 7) && at(7) === 0x254) return 'metadata' // AWS IMDS over IPv6
  // Addresses that carry an IPv4 address are judged by it: mapped, IPv4-compatible, NAT64, 6to4.
  if (zeros(0, 5) && at(5) === 0xffff) return classifyV4(embeddedV4(at(6), at(7)))
  if (zeros(0, 6)) return classifyV4(embeddedV4(at(6), at(7)))
  if (at(0) === 0x64 && at(1) === 0xff9b && zeros(2, 6)) return classifyV4(embeddedV4(at(6), at(7)))
  if (at(0) === 0x2002) return classifyV4(embeddedV4(at(1), at(2)))
  if ((at(0) & 0xffc0) === 0xfe80) return 'linkLocal'
  if ((at(0) & 0xfe00) === 0xfc00) return 'private' // unique-local
  if ((at(0) & 0xffc0) === 0xfec0) return 'private' // deprecated site-local
  if ((at(0) & 0xff00) === 0xff00) return 'reserved' // multicast
  if (at(0) === 0x2001 && at(1) === 0x0db8) return 'reserved' // documentation
  if (at(0) === 0x2001 && at(1) === 0) return 'reserved' // Teredo hides an IPv4 address
  if (at(0) === 0x0100 && zeros(1, 4)) return 'reserved' // discard prefix
  return 'public'
}

export function classifyAddress (ip: string): AddressClass {
  if (isIPv4(ip)) return classifyV4(ip)
  if (isIPv6(ip)) return classifyV6(ip)
  throw new Error(`not an IP address: ${ip}`)
}

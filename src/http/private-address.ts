// Which IP addresses a connector may not reach unless it sets `allowPrivateNetwork: true`: everything that is not
// a public unicast address (loopback, RFC 1918, link-local, unique-local, CGNAT, multicast, reserved, documentation).
import { isIP } from 'node:net';

type Range = readonly [prefix: readonly number[], bits: number];

// IPv4 as 4 octets.
const BLOCKED_V4: readonly Range[] = [
  [[0, 0, 0, 0], 8], // "this network"
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // CGNAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local, cloud metadata
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2, 0], 24], // documentation
  [[192, 88, 99, 0], 24], // 6to4 relay anycast
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, broadcast
];

// IPv6 as 8 groups of 16 bits. Ranges that embed an IPv4 address are checked through it (see below).
const BLOCKED_V6: readonly Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 96], // unspecified, loopback, IPv4-compatible (deprecated)
  [[0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48], // local-use NAT64
  [[0x100, 0, 0, 0, 0, 0, 0, 0], 64], // discard
  [[0x2001, 0, 0, 0, 0, 0, 0, 0], 32], // Teredo (embeds an obfuscated IPv4)
  [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32], // documentation
  [[0xfc00, 0, 0, 0, 0, 0, 0, 0], 7], // unique-local
  [[0xfe80, 0, 0, 0, 0, 0, 0, 0], 10], // link-local
  [[0xfec0, 0, 0, 0, 0, 0, 0, 0], 10], // site-local (deprecated)
  [[0xff00, 0, 0, 0, 0, 0, 0, 0], 8], // multicast
];

/** True for any address that is not public unicast. Unparsable input counts as private (refuse when unsure). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return inRanges(ipv4Octets(bare), BLOCKED_V4, 8);
  if (version === 6) {
    const groups = ipv6Groups(bare);
    if (!groups) return true;
    const embedded = embeddedIpv4(groups);
    if (embedded) return inRanges(embedded, BLOCKED_V4, 8);
    return inRanges(groups, BLOCKED_V6, 16);
  }
  return true;
}

/** True when `host` (a URL hostname, brackets allowed) is an IP literal rather than a name. */
export function isIpLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '').replace(/%.*$/, '')) !== 0;
}

function ipv4Octets(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(halves[0] ?? '');
  const right = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

// IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::) reach an IPv4 host.
function embeddedIpv4(g: number[]): number[] | undefined {
  const octets = (hi: number, lo: number): number[] => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) return octets(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0) return octets(g[6]!, g[7]!);
  if (g[0] === 0x2002) return octets(g[1]!, g[2]!);
  return undefined;
}

function inRanges(value: readonly number[], ranges: readonly Range[], width: number): boolean {
  return ranges.some(([prefix, bits]) => {
    for (let i = 0, left = bits; left > 0; i++, left -= width) {
      const take = Math.min(width, left);
      const mask = ((1 << take) - 1) << (width - take);
      if (((value[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
    }
    return true;
  });
}

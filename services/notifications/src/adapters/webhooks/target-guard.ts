/**
 * Where webhooks may be sent (setting WEBHOOK_TARGETS): `public` allows only https URLs whose
 * host resolves to public addresses only (production: a partner must not make us call our own
 * network); `any` also allows http and private addresses (local development and tests).
 */
type WebhookTargets = 'public' | 'any';

/** Every address a host name resolves to (A and AAAA). */
export type HostLookup = (hostname: string) => Promise<string[]>;

/** The system resolver; loaded on first use, so the module also loads where there is none. */
export const lookupAllAddresses: HostLookup = async (hostname) => {
  const { lookup } = await import('node:dns/promises');
  return (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
};

type TargetCheck = { ok: true } | { ok: false; reason: string };

/** IPv4 blocks that are not the public internet (RFC 6890 and friends), as [first address, prefix]. */
const NON_PUBLIC_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

/** IPv6 blocks inside global unicast (2000::/3) that are still not public. */
const NON_PUBLIC_V6: ReadonlyArray<readonly [string, number]> = [
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: tunnels to an embedded IPv4 address
  ['3fff::', 20], // documentation
];

function ipv4ToNumber(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function ipv4InBlock(value: number, block: readonly [string, number]): boolean {
  const base = ipv4ToNumber(block[0]) ?? 0;
  const size = 2 ** (32 - block[1]);
  return Math.floor(value / size) === Math.floor(base / size);
}

/** The 128-bit value of an IPv6 address (with an optional embedded IPv4 tail), or null. */
function ipv6ToBigInt(address: string): bigint | null {
  let text = address.split('%')[0] ?? '';
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (::ffff:127.0.0.1) is the last two groups written in decimal.
    const v4 = ipv4ToNumber(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (half: string | undefined) => (half ? half.split(':') : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const groups: bigint[] = [];
  for (const group of [...head, ...Array(8 - given).fill('0'), ...rest]) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    groups.push(BigInt(`0x${group}`));
  }
  return groups.reduce((value, group) => (value << 16n) | group, 0n);
}

function ipv6InBlock(value: bigint, block: readonly [string, number]): boolean {
  const base = ipv6ToBigInt(block[0]) ?? 0n;
  const shift = BigInt(128 - block[1]);
  return value >> shift === base >> shift;
}

/**
 * Whether `address` (an IPv4 or IPv6 literal) is on the public internet. Refuses loopback,
 * private, link-local, CGNAT, unique-local, unspecified, multicast, documentation ranges, and
 * IPv4-mapped / NAT64 forms of non-public IPv4 addresses. Anything unparsable is not public.
 */
export function isPublicAddress(address: string): boolean {
  const v4 = ipv4ToNumber(address);
  if (v4 !== null) return !NON_PUBLIC_V4.some((block) => ipv4InBlock(v4, block));
  const v6 = ipv6ToBigInt(address);
  if (v6 === null) return false;
  const embeddedV4 = Number(v6 & 0xffffffffn);
  const asV4 = `${embeddedV4 >>> 24}.${(embeddedV4 >>> 16) & 255}.${(embeddedV4 >>> 8) & 255}.${embeddedV4 & 255}`;
  // IPv4-mapped (::ffff:0:0/96) and well-known NAT64 (64:ff9b::/96) reach the embedded IPv4 address.
  if (ipv6InBlock(v6, ['::ffff:0:0', 96]) || ipv6InBlock(v6, ['64:ff9b::', 96])) return isPublicAddress(asV4);
  // Only global unicast is public: this leaves out ::, ::1, fc00::/7, fe80::/10, ff00::/8 and the rest.
  if (!ipv6InBlock(v6, ['2000::', 3])) return false;
  return !NON_PUBLIC_V6.some((block) => ipv6InBlock(v6, block));
}

/** Whether `host` is an IP literal rather than a name to resolve. */
const isIpLiteral = (host: string) => ipv4ToNumber(host) !== null || ipv6ToBigInt(host) !== null;

/** The host of a URL without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * The checks that need no DNS: a valid http(s) URL without credentials; with `public`, https
 * only and no literal non-public address. Returns why the URL is refused, or null.
 */
export function webhookUrlProblem(text: string, targets: WebhookTargets): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  if (url.username || url.password) return 'must not contain credentials';
  if (targets === 'any') return null;
  if (url.protocol !== 'https:') return 'must be an https URL';
  const host = hostOf(url);
  if (isIpLiteral(host) && !isPublicAddress(host))
    return 'must not point to a loopback, private or reserved address';
  return null;
}

/**
 * Whether a webhook may be sent to `url` now: the syntax checks, then (with `public`) every
 * address its host resolves to must be public. Run when a subscription is saved and again
 * before each delivery, so a name that later resolves to an internal address (DNS rebinding)
 * is refused then.
 */
export async function checkWebhookTarget(
  text: string,
  options: { targets: WebhookTargets; lookup?: HostLookup },
): Promise<TargetCheck> {
  const problem = webhookUrlProblem(text, options.targets);
  if (problem) return { ok: false, reason: `The URL ${problem}` };
  if (options.targets === 'any') return { ok: true };
  const host = hostOf(new URL(text));
  if (isIpLiteral(host)) return { ok: true };
  let addresses: string[];
  try {
    addresses = await (options.lookup ?? lookupAllAddresses)(host);
  } catch {
    return { ok: false, reason: `The host ${host} could not be resolved` };
  }
  if (addresses.length === 0) return { ok: false, reason: `The host ${host} could not be resolved` };
  const internal = addresses.filter((address) => !isPublicAddress(address));
  if (internal.length > 0) {
    return {
      ok: false,
      reason: `The host ${host} resolves to a non-public address (${internal.join(', ')})`,
    };
  }
  return { ok: true };
}

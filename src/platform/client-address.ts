/**
 * Client addresses as the limits count them (pure, on ipaddr.js). `req.ip` follows
 * X-Forwarded-For only from the trusted proxy (TRUST_PROXY).
 */
import ipaddr from 'ipaddr.js';

/**
 * The key a client address is counted under: an IPv4 address as it is (also when written
 * as IPv4-mapped IPv6, `::ffff:192.0.2.1`), an IPv6 address by its /64. A home or a phone
 * gets a whole /64: counted one address at a time, it would have unlimited tries.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address.toNormalizedString()}/64`);
  return `${network.toRFC5952String()}/64`;
}

/**
 * Whether an address is in a list of addresses and CIDR ranges (SPACE_NETWORKS), an
 * IPv4-mapped IPv6 address counting as its IPv4 one. The list is checked by src/config.ts.
 */
export function addressMatcher(list: readonly string[]): (ip: string | undefined) => boolean {
  const ranges = list.map((item) =>
    item.includes('/')
      ? ipaddr.parseCIDR(item)
      : ([ipaddr.parse(item), ipaddr.parse(item).kind() === 'ipv4' ? 32 : 128] as const),
  );
  const v4 = ranges.filter(([a]) => a.kind() === 'ipv4').map(([a, bits]) => [a as ipaddr.IPv4, bits] as const);
  const v6 = ranges.filter(([a]) => a.kind() === 'ipv6').map(([a, bits]) => [a as ipaddr.IPv6, bits] as const);
  return (ip) => {
    if (ranges.length === 0 || !ip || !ipaddr.isValid(ip)) return false;
    const address = ipaddr.process(ip);
    return address.kind() === 'ipv4'
      ? v4.some(([range, bits]) => (address as ipaddr.IPv4).match(range, bits))
      : v6.some(([range, bits]) => (address as ipaddr.IPv6).match(range, bits));
  };
}

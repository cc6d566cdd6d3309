import { isIPv4, isIPv6 } from 'node:net';

/**
 * The client's address: the socket's peer, or, behind `trustedHops` proxies of our own (a load
 * balancer, an ingress), the entry that many places from the right of `X-Forwarded-For` (the
 * entries further left are the client's to write, so never trusted).
 */
export function clientAddressOf(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string {
  const peer = unmapped(remoteAddress ?? '');
  if (trustedHops <= 0 || forwardedFor === undefined) return peer;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  chain.push(peer);
  const picked = chain[Math.max(0, chain.length - 1 - trustedHops)] ?? peer;
  return isIPv4(unmapped(picked)) || isIPv6(picked) ? unmapped(picked) : peer;
}

/**
 * The rate-limit bucket of an address: IPv4 as it is; IPv6 by its /64, since one host is
 * usually given a whole /64 and could otherwise take a fresh address for every request.
 */
export function rateBucketOf(address: string): string {
  if (!isIPv6(address)) return address;
  return `${firstFourGroups(address)}::/64`;
}

function unmapped(address: string): string {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match?.[1] ?? address;
}

function firstFourGroups(address: string): string {
  const plain = address.split('%')[0] ?? address;
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const [head = '', tail] = plain.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - width(left) - width(right);
  const groups = [...left, ...Array<string>(Math.max(0, zeros)).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':');
}

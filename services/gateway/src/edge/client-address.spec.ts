import { clientAddressOf, rateBucketOf } from './client-address';

describe('client address', () => {
  it('is the socket peer, an IPv4-mapped IPv6 address written as IPv4', () => {
    expect(clientAddressOf('::ffff:10.1.2.3', undefined, 0)).toBe('10.1.2.3');
    expect(clientAddressOf('2001:db8::1', undefined, 0)).toBe('2001:db8::1');
  });

  it('ignores X-Forwarded-For unless proxies are trusted, and then takes the trusted hop', () => {
    expect(clientAddressOf('10.0.0.9', '203.0.113.7', 0)).toBe('10.0.0.9');
    expect(clientAddressOf('10.0.0.9', '203.0.113.7', 1)).toBe('203.0.113.7');
    // The client wrote the leftmost entry itself: only the hops we run are believed.
    expect(clientAddressOf('10.0.0.9', '1.1.1.1, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddressOf('10.0.0.9', '1.1.1.1, 203.0.113.7, 10.0.0.8', 2)).toBe('203.0.113.7');
    expect(clientAddressOf('10.0.0.9', ['1.1.1.1', '203.0.113.7'], 1)).toBe('203.0.113.7');
    // Fewer entries than trusted hops, or garbage: the leftmost real one, else the peer.
    expect(clientAddressOf('10.0.0.9', '203.0.113.7', 5)).toBe('203.0.113.7');
    expect(clientAddressOf('10.0.0.9', 'not-an-address', 1)).toBe('10.0.0.9');
  });

  it('limits IPv4 per address and IPv6 per /64', () => {
    expect(rateBucketOf('203.0.113.7')).toBe('203.0.113.7');
    expect(rateBucketOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateBucketOf('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(rateBucketOf('2001:0db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateBucketOf('::1')).toBe('0:0:0:0::/64');
    expect(rateBucketOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateBucketOf('::ffff:1.2.3.4')).toBe('0:0:0:0::/64');
  });
});

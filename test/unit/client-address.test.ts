import { expect } from 'chai';
import { addressKey, addressMatcher } from '../../src/platform/client-address.js';

describe('client addresses as the limits count them', () => {
  it('counts an IPv6 address by its /64, an IPv4 one as it is (also when written IPv4-mapped)', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).to.equal('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::9')).to.equal('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).to.equal('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).to.equal('2001:db8:1:3::/64');
    expect(addressKey('192.0.2.7')).to.equal('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).to.equal('192.0.2.7');
    expect(addressKey(undefined)).to.equal('unknown');
    expect(addressKey('not an address')).to.equal('unknown');
  });

  it('tells the multimedia space’s network from elsewhere: addresses and CIDR ranges, IPv4 and IPv6', () => {
    const atSpace = addressMatcher(['192.168.10.0/24', '10.0.0.7', '2001:db8:5::/48']);
    for (const ip of ['192.168.10.1', '192.168.10.254', '::ffff:192.168.10.5', '10.0.0.7', '2001:db8:5:ff::1'])
      expect(atSpace(ip), ip).to.equal(true);
    for (const ip of ['192.168.11.1', '10.0.0.8', '2001:db8:6::1', '203.0.113.9', undefined, 'x'])
      expect(atSpace(ip), String(ip)).to.equal(false);
    expect(addressMatcher([])('192.168.10.1')).to.equal(false);
  });
});

import {
  AddressRefusedError,
  checkLiteralHost,
  forbiddenAddressKind,
} from '../../../shared/feeds/address-guard';

describe('forbiddenAddressKind (the SSRF guard)', () => {
  it('refuses private, link-local, unique-local, unspecified and loopback addresses in AWS mode', () => {
    const cases: [string, string][] = [
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'link-local'],
      ['127.0.0.1', 'loopback'],
      ['127.8.9.10', 'loopback'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['fe80::1', 'link-local'],
      ['fd00:ec2::254', 'unique-local'],
      ['fc00::1', 'unique-local'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['100.64.0.1', 'shared (carrier-grade NAT)'],
      ['224.0.0.1', 'multicast'],
    ];
    for (const [address, kind] of cases)
      expect([address, forbiddenAddressKind(address)]).toEqual([address, kind]);
  });

  it('accepts public addresses', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '2606:4700::1111',
      '::ffff:93.184.216.34',
    ]) {
      expect([address, forbiddenAddressKind(address)]).toEqual([address, undefined]);
    }
  });

  it('allows loopback, and only loopback, in local mode', () => {
    expect(forbiddenAddressKind('127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(forbiddenAddressKind('::1', { allowLoopback: true })).toBeUndefined();
    expect(forbiddenAddressKind('10.0.0.1', { allowLoopback: true })).toBe('private');
    expect(forbiddenAddressKind('169.254.169.254', { allowLoopback: true })).toBe('link-local');
  });
});

describe('checkLiteralHost', () => {
  it('refuses IP literals and "localhost" before any connection, with a one-line reason', () => {
    expect(() => checkLiteralHost(new URL('http://169.254.169.254/latest/meta-data'), {})).toThrow(
      new AddressRefusedError('169.254.169.254', '169.254.169.254', 'link-local'),
    );
    expect(() => checkLiteralHost(new URL('http://[::1]:8080/feed'), {})).toThrow(
      'refused: ::1 is a loopback address (SSRF guard; only local mode allows loopback)',
    );
    expect(() => checkLiteralHost(new URL('http://2130706433/'), {})).toThrow(
      'refused: 127.0.0.1 is a loopback address',
    );
    expect(() => checkLiteralHost(new URL('http://localhost:3000/'), {})).toThrow(/loopback/);
    expect(() => checkLiteralHost(new URL('http://localhost:3000/'), { allowLoopback: true })).not.toThrow();
    expect(() => checkLiteralHost(new URL('https://news.example.org/'), {})).not.toThrow();
  });
});

describe('IPv6 forms that carry an IPv4 address', () => {
  it('judges IPv4-compatible, mapped (hex too), NAT64 and 6to4 addresses by the IPv4 address inside', () => {
    const cases: [string, string | undefined][] = [
      ['::169.254.169.254', 'link-local'],
      ['::a9fe:a9fe', 'link-local'],
      ['::10.0.0.1', 'private'],
      ['::127.0.0.1', 'loopback'],
      ['::ffff:a9fe:a9fe', 'link-local'],
      ['::ffff:7f00:1', 'loopback'],
      ['64:ff9b::169.254.169.254', 'link-local'],
      ['64:ff9b::a00:1', 'private'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['64:ff9b:1::a00:1', 'reserved (local-use NAT64)'],
      ['2002:a9fe:a9fe::1', 'link-local'],
      ['64:ff9b::8.8.8.8', undefined],
      ['::8.8.8.8', undefined],
      ['2002:808:808::1', undefined],
    ];
    for (const [address, kind] of cases)
      expect([address, forbiddenAddressKind(address)]).toEqual([address, kind]);
  });

  it('refuses them as URL literals, as the URL parser writes them', () => {
    for (const url of ['http://[::169.254.169.254]/latest/meta-data', 'http://[64:ff9b::10.0.0.1]/feed'])
      expect(() => checkLiteralHost(new URL(url), {})).toThrow(
        /refused: .* is a (link-local|private) address/,
      );
  });
});

import { expect } from 'chai';
import { isPrivateAddress } from '../../src/http/private-address.js';
import { isHostAllowed } from '../../src/http/guard-host.js';

describe('http: which addresses are private', () => {
  const privateOnes = [
    '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
    '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1',
    '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fd12:3456::1', 'fc00::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:7f00:1::', '[::1]',
  ];
  const publicOnes = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2a00:1450::1'];

  for (const address of privateOnes) {
    it(`${address} is private`, () => expect(isPrivateAddress(address)).to.equal(true));
  }
  for (const address of publicOnes) {
    it(`${address} is public`, () => expect(isPrivateAddress(address)).to.equal(false));
  }
  it('treats what is not an address as private (refuse when unsure)', () => {
    expect(isPrivateAddress('not-an-ip')).to.equal(true);
  });
});

describe('http: allowed hosts', () => {
  const allowed = ['api.acme.example', '*.uploads.example', 'localhost:8443'];
  const cases: [string, boolean][] = [
    ['https://api.acme.example/v2', true],
    ['https://API.Acme.Example./v2', true],
    ['https://evil.example/', false],
    ['https://api.acme.example.evil.example/', false],
    ['https://eu.uploads.example/x', true],
    ['https://a.b.uploads.example/x', true],
    ['https://uploads.example/x', false],
    ['https://localhost:8443/', true],
    ['https://localhost:9000/', false],
  ];
  for (const [url, expected] of cases) {
    it(`${url} -> ${expected ? 'allowed' : 'refused'}`, () => expect(isHostAllowed(new URL(url), allowed)).to.equal(expected));
  }
});
